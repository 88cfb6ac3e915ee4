#include <leads/import/run.hpp>

#include <leads/csv/encoding.hpp>
#include <leads/error.hpp>
#include <leads/import/dedupe_pass.hpp>
#include <leads/import/header_map.hpp>
#include <leads/import/merge.hpp>
#include <leads/import/name_match.hpp>
#include <leads/parallel/ordered_work.hpp>
#include <leads/import/row_batch.hpp>
#include <leads/import/row_history.hpp>
#include <leads/import/row_normalizer.hpp>
#include <leads/lead/id.hpp>
#include <leads/normalize/email.hpp>
#include <leads/stop.hpp>

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>

#include <pthread.h>
#include <sys/stat.h>

// Phase 1 runs as a pipeline: the reading thread (the caller's) copies the
// records of each input into batches; worker threads normalize batches in
// parallel into pending rows (and rejections); the dedupe thread takes the
// batches in input order, files their rejections and dedupes their rows.
// Everything that depends on the order of the rows (summary counts, rejects
// files, which row makes a lead and which merges into it, spill sequence
// numbers) happens on the dedupe thread, so the result is the same as a
// single thread's, whatever the number of workers.
namespace leads::import::detail {

namespace {

constexpr std::uint64_t k_progress_step = std::uint64_t{1} << 20;
constexpr std::uint16_t k_unregistered = 0xffff;
// A batch is handed on once it holds this many records or bytes.
constexpr std::size_t k_batch_records = 2048;
constexpr std::size_t k_batch_bytes = 256 * 1024;

// What the workers need to know of one input, set up by the reading thread
// before the input's first batch.
struct InputContext {
  std::string path;
  std::string display_name;
  std::vector<std::string> header;
  HeaderMapping mapping;
  // The output column of each extra input column (k_unregistered until it has one).
  std::vector<std::uint16_t> global;
  // Unnamed extra columns, which get an output column once a cell has a value.
  std::vector<std::size_t> unnamed;
  // The columns that feed email (its own, and those that fill in for it), and
  // the output column of other_emails, which they get once a cell holds two
  // addresses (see RowNormalizer).
  std::vector<std::size_t> email_columns;
  std::uint16_t other_emails = k_unregistered;
};

// Records of one input on their way through the pipeline: copied by the
// reading thread, normalized by a worker, deduped by the dedupe thread.
struct InputBatch {
  std::size_t input = 0;
  bool first_of_input = false; // the dedupe thread starts the input's rejects here
  // The records: their bytes, where each field lies in them, the end of each
  // record in fields, and each record's line.
  struct Span {
    std::uint32_t offset;
    std::uint32_t size;
  };
  std::string bytes;
  std::vector<Span> fields_at;
  std::vector<std::size_t> record_ends;
  std::vector<long> lines;
  // Filled in by the worker: the accepted rows (see row_batch.hpp) and the rejected ones.
  struct Rejected {
    std::size_t record;
    std::string_view kind;
    std::string reason;
  };
  std::string pending;
  std::vector<Rejected> rejected;
  // The cells of accepted records left out or split, in record order.
  struct Warned {
    std::size_t record;
    CellWarning warning;
  };
  std::vector<Warned> warned;

  std::size_t size() const { return lines.size(); }

  void clear() {
    bytes.clear();
    fields_at.clear();
    record_ends.clear();
    lines.clear();
    pending.clear();
    rejected.clear();
    warned.clear();
  }

  void add(const csv::Record& record) {
    const std::vector<std::string_view>& fields = record.fields;
    const std::size_t first = fields_at.size();
    fields_at.resize(first + fields.size());
    Span* const at = fields_at.data() + first;
    // The fields lie in one stretch of the reader's buffer (the record's
    // text, quotes and delimiters between them): one copy of the stretch.
    // (csv::Reader unquotes in place, so this always holds for its records;
    // fields from anywhere else would be copied one by one.)
    const char* const low = fields.empty() ? nullptr : fields.front().data();
    const char* const high = fields.empty() ? nullptr : fields.back().data() + fields.back().size();
    bool inside = low != nullptr && low <= high && high - low < (std::ptrdiff_t{1} << 30);
    for (std::string_view field : fields) {
      inside = inside && field.data() >= low && field.data() + field.size() <= high;
    }
    const std::size_t base = bytes.size();
    if (inside) {
      bytes.append(low, static_cast<std::size_t>(high - low));
      for (std::size_t k = 0; k < fields.size(); ++k) {
        at[k] = Span{static_cast<std::uint32_t>(base + static_cast<std::size_t>(fields[k].data() - low)),
                     static_cast<std::uint32_t>(fields[k].size())};
      }
    } else {
      for (std::size_t k = 0; k < fields.size(); ++k) {
        at[k] = Span{static_cast<std::uint32_t>(bytes.size()), static_cast<std::uint32_t>(fields[k].size())};
        bytes.append(fields[k]);
      }
    }
    record_ends.push_back(fields_at.size());
    lines.push_back(record.line);
  }

  // The fields of record r, as views into bytes.
  void fields(std::size_t r, std::vector<std::string_view>& out) const {
    const std::size_t begin = r == 0 ? 0 : record_ends[r - 1];
    out.resize(record_ends[r] - begin);
    for (std::size_t f = begin; f < record_ends[r]; ++f) {
      out[f - begin] = std::string_view(bytes.data() + fields_at[f].offset, fields_at[f].size);
    }
  }
};

using Pipeline = parallel::OrderedWork<InputBatch>;

// The first failure on any thread of the pipeline, which stops it.
class Failure {
public:
  explicit Failure(Pipeline& pipeline) : m_pipeline(pipeline) {}
  void record(std::exception_ptr failure) {
    {
      std::lock_guard lock(m_mutex);
      if (!m_first) {
        m_first = std::move(failure);
      }
    }
    m_pipeline.stop();
  }
  void rethrow() {
    if (m_first) {
      std::rethrow_exception(m_first);
    }
  }

private:
  Pipeline& m_pipeline;
  std::mutex m_mutex;
  std::exception_ptr m_first;
};

// A worker: normalizes batches into pending rows and rejections.
class BatchNormalizer {
public:
  BatchNormalizer(const Run& run, const std::vector<std::unique_ptr<InputContext>>& inputs)
      : m_run(run), m_inputs(inputs),
        m_normalizer(run.config, run.preset, run.date_order, run.options.source, run.options.sets) {}

  void normalize(InputBatch& batch) {
    if (m_input != batch.input || m_context == nullptr) {
      m_input = batch.input;
      m_context = m_inputs[batch.input].get();
      m_normalizer.begin_input(m_context->header, m_context->mapping);
    }
    batch.pending.clear();
    batch.rejected.clear();
    batch.warned.clear();
    for (std::size_t r = 0; r < batch.size(); ++r) {
      batch.fields(r, m_cells);
      if (!m_normalizer.normalize(m_cells, m_row, m_rejection)) {
        batch.rejected.push_back({r, m_rejection.kind, std::move(m_rejection.reason)});
        continue;
      }
      if (hand_over(batch, r)) {
        for (CellWarning& warning : m_row.cell_warnings) {
          batch.warned.push_back({r, std::move(warning)});
        }
      }
    }
  }

private:
  // Hands an accepted row on to the dedupe thread; false when it is rejected after all.
  bool hand_over(InputBatch& batch, std::size_t r) {
    // A named lead id finds a lead only when the store holds it; otherwise it
    // was given elsewhere (a filter-mode run, another workspace) and stays
    // the id of the new lead the row makes, so that ids never change once given.
    std::optional<std::uint64_t> lead_id = m_row.lead_id;
    std::optional<std::uint64_t> given_id;
    if (lead_id && !std::binary_search(m_run.store_ids.begin(), m_run.store_ids.end(), *lead_id)) {
      if (m_row.identity.empty()) {
        batch.rejected.push_back({r, k_no_identity_kind, std::string(k_no_identity_reason)});
        return false;
      }
      given_id = lead_id;
      lead_id.reset();
    }
    PendingRow pending;
    pending.lead_id = lead_id;
    pending.identity = m_row.identity;
    pending.new_id = m_row.identity.empty() ? 0 : given_id ? *given_id : lead::lead_id_for(m_row.identity);
    pending.input = static_cast<std::uint16_t>(m_input);
    pending.line = static_cast<std::uint32_t>(batch.lines[r]);
    // (Only a phone is checked against names: a row without one needs none.)
    if (m_row.phone_e164) {
      pending.name = name_print(m_row[Field::first_name], m_row[Field::last_name]);
    }
    auto key = [&](lead::KeyKind kind, std::string_view value) {
      pending.keys[pending.key_count++] = {kind, lead::DedupeIndex::hash(kind, value)};
    };
    if (!m_row[Field::email].empty()) {
      key(lead::KeyKind::email, normalize::email_identity_key(
                                    m_row[Field::email], m_run.config.import.email_identity, m_email_key));
    }
    if (!m_row[Field::external_id].empty()) {
      key(lead::KeyKind::external_id, m_row[Field::external_id]);
    }
    if (m_row.phone_e164) {
      key(lead::KeyKind::phone, m_row[Field::phone]);
    }
    if (!m_row.name_key.empty()) {
      key(lead::KeyKind::name, m_row.name_key);
    }
    const std::size_t start = begin_pending_row(batch.pending, pending);
    if (m_run.spill) {
      encode_spill(batch.pending, batch.lines[r]);
    }
    end_pending_row(batch.pending, start);
    return true;
  }

  // The row as phase 2 writes it when it makes a new lead by itself (see
  // SpillEncoder); the dedupe thread fills in its id and sequence.
  void encode_spill(std::string& out, long line) {
    SpillHeader header;
    header.line = static_cast<std::uint32_t>(line);
    header.input = static_cast<std::uint16_t>(m_input);
    std::size_t width = k_field_count;
    for (const auto& [column, value] : m_row.extras) {
      const std::uint16_t global = m_context->global[column];
      if (global == k_unregistered) {
        throw std::logic_error("an extra column without an output column");
      }
      width = std::max<std::size_t>(width, global + std::size_t{1});
    }
    const std::uint16_t other_emails = m_context->other_emails;
    if (!m_row.other_emails.empty()) {
      if (other_emails == k_unregistered) {
        throw std::logic_error("other emails without an output column");
      }
      width = std::max<std::size_t>(width, other_emails + std::size_t{1});
    }
    m_values.assign(width, std::string_view());
    std::copy(m_row.fields.begin(), m_row.fields.end(), m_values.begin());
    m_values[field_index(Field::id)] = k_id_placeholder;
    for (const auto& [column, value] : m_row.extras) {
      m_values[m_context->global[column]] = value;
    }
    if (!m_row.other_emails.empty()) {
      // After the input's own other_emails column, when it has one.
      std::string_view& cell = m_values[other_emails];
      if (!cell.empty()) {
        m_row.other_emails.insert(0, std::string(cell) + ";");
      }
      cell = m_row.other_emails;
    }
    const std::string_view stage_at = m_row[Field::stage_at];
    const SpillHistory history = row_history(m_row);
    std::string_view& created_at = m_values[field_index(Field::created_at)];
    // A new lead without created_at is as old as the earliest date it carries
    // (phase 2 works it out again for a row that dates stages, or merges: see
    // plan_lifecycle()). Not the row's own: a merge takes another's first.
    const bool dated_created = created_at.empty() && earliest_row_date(m_row, created_at);
    std::uint8_t defaults = new_lead_defaults(m_values, m_run.now_iso, m_run.first_stage);
    defaults |= dated_created ? spill_defaults::k_created_at : 0;
    defaults |= history.dated ? spill_defaults::k_history : 0;
    header.stage = (defaults & spill_defaults::k_stage) != 0 ? std::uint8_t{0} : m_row.stage_index;
    SpillEncoder::append(out, header, m_values, defaults, stage_at, history);
  }

  const Run& m_run;
  const std::vector<std::unique_ptr<InputContext>>& m_inputs;
  RowNormalizer m_normalizer;
  std::size_t m_input = 0;
  const InputContext* m_context = nullptr;
  std::vector<std::string_view> m_cells;
  NormalizedRow m_row;
  Rejection m_rejection;
  std::vector<std::string_view> m_values;
  std::string m_email_key; // see normalize::email_identity_key()
};

// The reading side: opens each input, maps its header and copies its
// records into batches for the workers.
class InputReader {
public:
  InputReader(Run& run, Pipeline& pipeline, std::vector<std::unique_ptr<InputContext>>& inputs)
      : m_run(run), m_pipeline(pipeline), m_inputs(inputs),
        m_mapper(run.config, run.preset, run.options.maps, run.stage_dates), m_null_values(run.config) {}

  // Reads input number `input`; false when the pipeline stopped (after a failure elsewhere).
  bool read(std::size_t input, std::uint64_t total_bytes) {
    const std::string& path = m_run.options.inputs[input];
    std::unique_ptr<csv::Reader> reader;
    if (input < m_run.opened.size() && m_run.opened[input]) {
      reader = std::move(m_run.opened[input]);
    } else {
      reader = csv::Reader::open(path, m_run.reader_options());
    }
    m_context = start_input(input, path, *reader);

    std::unique_ptr<InputBatch> batch = next_batch(input, true);
    if (!batch) {
      return false;
    }
    std::uint64_t reported = 0;
    while (reader->next(m_record)) {
      if (std::none_of(m_record.fields.begin(), m_record.fields.end(),
                       [&](std::string_view field) { return m_null_values.has_value(field); })) {
        ++m_run.summary.empty_rows; // ",,,": nothing to import, nothing to reject
        continue;
      }
      ++m_run.summary.read;
      register_unnamed();
      register_other_emails();
      batch->add(m_record);
      if (batch->size() >= k_batch_records || batch->bytes.size() >= k_batch_bytes) {
        throw_if_stop_requested(); // Ctrl-C: unwinds like any failure, before anything is written
        m_run.bytes_read.store(m_done_bytes + reader->bytes_read(), std::memory_order_relaxed);
        m_run.records_read.store(static_cast<std::uint64_t>(m_run.summary.read), std::memory_order_relaxed);
        m_pipeline.submit(std::move(batch));
        batch = next_batch(input, false);
        if (!batch) {
          return false;
        }
      }
      if (m_run.options.progress && reader->bytes_read() - reported >= k_progress_step) {
        reported = reader->bytes_read();
        m_run.options.progress(m_done_bytes + reported, total_bytes);
      }
    }
    if (reader->report_footer_line() > 0) {
      m_run.summary.report_footers.push_back({m_context->display_name, reader->report_footer_line()});
    }
    // The last batch goes even when empty: the first of an input starts its rejects.
    m_pipeline.submit(std::move(batch));
    m_done_bytes += reader->bytes_read();
    if (m_run.options.progress) {
      m_run.options.progress(m_done_bytes, total_bytes);
    }
    return true;
  }

  std::vector<std::string> unused_maps() const { return m_mapper.unused_maps(); }

private:
  // An empty batch of input `input` to fill; nullptr when the pipeline stopped.
  std::unique_ptr<InputBatch> next_batch(std::size_t input, bool first_of_input) {
    std::unique_ptr<InputBatch> batch = m_pipeline.take();
    if (batch) {
      batch->clear();
      batch->input = input;
      batch->first_of_input = first_of_input;
    }
    return batch;
  }

  InputContext* start_input(std::size_t input, const std::string& path, const csv::Reader& reader) {
    auto context = std::make_unique<InputContext>();
    context->path = path;
    context->display_name = reader.display_name();
    context->header = reader.header();
    context->mapping = m_mapper.map(context->header);
    context->global.assign(context->header.size(), k_unregistered);
    for (std::size_t c = 0; c < context->header.size(); ++c) {
      const ColumnTarget& target = context->mapping.columns[c];
      // Rows that date stages: phase 2 looks the history up (see Run::history_keys).
      m_run.dates_stages = m_run.dates_stages || target.kind == ColumnTarget::Kind::stage_date ||
                           (target.kind == ColumnTarget::Kind::field && target.field == Field::stage_at);
      if ((target.kind == ColumnTarget::Kind::field || target.fallback) && target.field == Field::email) {
        context->email_columns.push_back(c);
      }
      if (target.kind != ColumnTarget::Kind::extra) {
        continue;
      }
      if (target.unnamed) {
        context->unnamed.push_back(c);
      } else {
        context->global[c] = m_run.column_for(target.extra);
      }
    }
    if (context->mapping.preset_misfit) {
      const Preset* better = context->mapping.better_preset;
      m_run.summary.preset_misfits.push_back({context->display_name, std::string(m_run.preset->name),
                                              better != nullptr ? std::string(better->name) : std::string()});
    }
    if (context->header.empty()) {
      m_run.summary.empty_inputs.push_back(context->display_name);
    } else if (!context->mapping.can_identify()) {
      m_run.summary.inputs_without_identity.push_back(
          {context->display_name, reader.header_line(), context->header});
    }
    m_run.input_names.push_back(context->display_name);
    m_inputs[input] = std::move(context);
    return m_inputs[input].get();
  }

  // An unnamed column gets its output column when a cell first has a value
  // (here, in input order, so that the columns' order does not depend on
  // the workers). The workers see it: it is set before the batch is submitted.
  void register_unnamed() {
    for (std::size_t c : m_context->unnamed) {
      if (m_context->global[c] == k_unregistered && c < m_record.fields.size() &&
          m_null_values.has_value(m_record.fields[c])) {
        m_context->global[c] = m_run.column_for(m_context->mapping.columns[c].extra);
      }
    }
  }

  // other_emails gets its output column when an email cell first holds two
  // addresses (here, in input order, as unnamed columns do).
  void register_other_emails() {
    if (m_context->other_emails != k_unregistered) {
      return;
    }
    for (std::size_t c : m_context->email_columns) {
      if (c < m_record.fields.size() && may_hold_several_emails(m_record.fields[c])) {
        m_context->other_emails = m_run.column_for(std::string(k_other_emails_column));
        return;
      }
    }
  }

  Run& m_run;
  Pipeline& m_pipeline;
  std::vector<std::unique_ptr<InputContext>>& m_inputs;
  HeaderMapper m_mapper;
  NullValues m_null_values;
  InputContext* m_context = nullptr;
  csv::Record m_record;
  std::uint64_t m_done_bytes = 0;
};

// The dedupe thread's side: takes the batches in input order.
class BatchConsumer {
public:
  BatchConsumer(Run& run, const std::vector<std::unique_ptr<InputContext>>& inputs)
      : m_run(run), m_inputs(inputs), m_dedupe(run) {}

  void consume(InputBatch& batch) {
    if (batch.first_of_input) {
      const InputContext& context = *m_inputs[batch.input];
      m_run.begin_rejects(context.path, context.display_name, context.header);
    }
    for (const InputBatch::Rejected& rejected : batch.rejected) {
      ++m_run.summary.rejected;
      batch.fields(rejected.record, m_cells);
      m_run.reject(rejected.kind, rejected.reason, batch.lines[rejected.record], m_cells);
    }
    for (const InputBatch::Warned& warned : batch.warned) {
      m_run.warn_cell(warned.warning, m_inputs[batch.input]->display_name, batch.lines[warned.record]);
    }
    m_dedupe.process(batch.pending);
  }

  const DedupePass& dedupe() const { return m_dedupe; }

private:
  Run& m_run;
  const std::vector<std::unique_ptr<InputContext>>& m_inputs;
  DedupePass m_dedupe;
  std::vector<std::string_view> m_cells;
};

// The size of an input file (0 for stdin, pipes and the like).
std::uint64_t input_size(const std::string& path) {
  struct stat st {};
  if (path == "-" || ::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return 0;
  }
  return static_cast<std::uint64_t>(st.st_size);
}

// Normalizing is most of phase 1's work: one worker per core.
std::size_t worker_count() {
  const unsigned cores = std::thread::hardware_concurrency();
  return std::clamp<std::size_t>(cores, 1, 8);
}

} // namespace

void read_inputs(Run& run) {
  if (run.options.inputs.size() > 0xffff) {
    throw Error(ErrorKind::usage, "more than 65535 input files in one import");
  }
  std::uint64_t total_bytes = 0; // for the progress bar
  bool sizes_known = true;
  for (const std::string& path : run.options.inputs) {
    const std::uint64_t size = input_size(path);
    total_bytes += size;
    sizes_known = sizes_known && size > 0;
  }
  // The tables are sized once the first rows are in (see DedupePass), by
  // the keys and leads those added: inputs often overlap the store (this
  // week's full export again), and room for keys that never come is memory
  // spent for nothing.
  run.input_bytes = sizes_known ? total_bytes : 0;

  const std::size_t workers = worker_count();
  std::vector<std::unique_ptr<InputContext>> inputs(run.options.inputs.size());
  Pipeline pipeline(2 * workers + 2);
  Failure failure(pipeline);
  BatchConsumer consumer(run, inputs);
  std::vector<std::thread> threads;
  // Stops and joins the threads however phase 1 ends.
  struct JoinOnExit {
    Pipeline& pipeline;
    std::vector<std::thread>& threads;
    ~JoinOnExit() {
      pipeline.stop();
      for (std::thread& thread : threads) {
        if (thread.joinable()) {
          thread.join();
        }
      }
    }
  } join{pipeline, threads};

  for (std::size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      ::pthread_setname_np(::pthread_self(), "leads-normalize");
      try {
        BatchNormalizer normalizer(run, inputs);
        std::unique_ptr<InputBatch> batch;
        std::uint64_t number = 0;
        while (pipeline.work(batch, number)) {
          normalizer.normalize(*batch);
          pipeline.done(number, std::move(batch));
        }
      } catch (...) {
        failure.record(std::current_exception());
      }
    });
  }
  threads.emplace_back([&] {
    ::pthread_setname_np(::pthread_self(), "leads-dedupe");
    try {
      while (std::unique_ptr<InputBatch> batch = pipeline.next()) {
        consumer.consume(*batch);
        pipeline.recycle(std::move(batch));
      }
    } catch (...) {
      failure.record(std::current_exception());
    }
  });

  InputReader reader(run, pipeline, inputs);
  try {
    for (std::size_t i = 0; i < run.options.inputs.size(); ++i) {
      if (!reader.read(i, total_bytes)) {
        break; // stopped: the failure is rethrown below
      }
    }
  } catch (...) {
    failure.record(std::current_exception());
  }
  pipeline.finish();
  for (std::thread& thread : threads) {
    thread.join();
  }
  failure.rethrow();
  run.summary.created += consumer.dedupe().created();
  run.summary.merged += consumer.dedupe().merged();
  run.summary.other_shards += consumer.dedupe().other_shards();
  run.summary.conflicts += consumer.dedupe().conflicts();
  for (const auto& conflict : consumer.dedupe().first_conflicts()) {
    run.summary.first_conflicts.push_back({run.input_names[conflict.input], conflict.line,
                                           conflict.match == 'i' ? "id" : "email",
                                           conflict.key == lead::KeyKind::email ? "email" : "source id",
                                           lead::format_id(conflict.lead), lead::format_id(conflict.owner)});
  }
  run.summary.shared_phones += consumer.dedupe().shared_phones();
  for (const auto& shared : consumer.dedupe().first_shared_phones()) {
    run.summary.first_shared_phones.push_back({run.input_names[shared.input],
                                               shared.line,
                                               shared.phone,
                                               shared.name,
                                               lead::format_id(shared.lead),
                                               {}});
    run.named_leads.push_back(shared.lead);
  }
  std::sort(run.named_leads.begin(), run.named_leads.end());
  run.named_leads.erase(std::unique(run.named_leads.begin(), run.named_leads.end()), run.named_leads.end());
  run.lead_names.assign(run.named_leads.size(), std::string());
  run.summary.other_emails += consumer.dedupe().other_emails();
  for (const auto& other : consumer.dedupe().first_other_emails()) {
    run.summary.first_other_emails.push_back(
        {run.input_names[other.input], other.line, lead::format_id(other.lead)});
  }
  run.summary.unused_maps = reader.unused_maps();
  if (consumer.dedupe().emails_to_keep()) {
    run.column_for(
        std::string(k_other_emails_column)); // (at the end: spilled rows are narrower, which is fine)
  }
}

} // namespace leads::import::detail
