#include <leads/import/run.hpp>

#include <leads/error.hpp>
#include <leads/import/dedupe_pass.hpp>
#include <leads/import/header_map.hpp>
#include <leads/import/row_batch.hpp>
#include <leads/import/row_normalizer.hpp>

#include <algorithm>
#include <exception>
#include <sys/stat.h>
#include <thread>

namespace leads::import::detail {

namespace {

constexpr std::uint64_t k_progress_step = std::uint64_t{1} << 20;
constexpr std::uint16_t k_unregistered = 0xffff;
constexpr std::size_t k_batch_size = 256 * 1024;

// Thrown on the reading thread when the dedupe thread has stopped after a failure.
struct DedupeStopped {};

// The reading side of phase 1: reads each input, normalizes its rows, files
// rejected rows and hands accepted ones, in batches, to the dedupe thread.
class InputPass {
public:
  InputPass(Run& run, BatchQueue& queue)
      : m_run(run), m_queue(queue), m_mapper(run.config, run.preset, run.options.maps),
        m_normalizer(run.config, run.preset, run.date_order, run.options.source) {}

  void read(std::size_t input, std::uint64_t total_bytes) {
    const std::string& path = m_run.options.inputs[input];
    std::unique_ptr<csv::Reader> reader;
    if (input < m_run.opened.size() && m_run.opened[input]) {
      reader = std::move(m_run.opened[input]);
    } else {
      reader = csv::Reader::open(path, m_run.reader_options());
    }
    const std::vector<std::string> header = reader->header();
    m_run.input_names.push_back(reader->display_name());
    const HeaderMapping mapping = m_mapper.map(header);
    m_normalizer.begin_input(header, mapping);
    m_run.begin_rejects(path, reader->display_name(), header);
    m_mapping = &mapping;
    m_input = static_cast<std::uint16_t>(input);
    m_global.assign(header.size(), k_unregistered);
    for (std::size_t c = 0; c < header.size(); ++c) {
      const ColumnTarget& target = mapping.columns[c];
      if (target.kind == ColumnTarget::Kind::extra && !target.unnamed) {
        m_global[c] = m_run.column_for(target.extra);
      }
    }

    std::uint64_t reported = 0;
    while (reader->next(m_record)) {
      ++m_run.summary.read;
      if (m_normalizer.normalize(m_record.fields, m_row, m_rejection)) {
        hand_over();
      } else {
        reject(m_rejection.kind, m_rejection.reason);
      }
      if (m_run.options.progress && reader->bytes_read() - reported >= k_progress_step) {
        reported = reader->bytes_read();
        m_run.options.progress(m_done_bytes + reported, total_bytes);
      }
    }
    m_done_bytes += reader->bytes_read();
    if (m_run.options.progress) {
      m_run.options.progress(m_done_bytes, total_bytes);
    }
  }

  // Hands over the last, partial batch.
  void flush() {
    if (!m_batch.empty()) {
      if (!m_queue.push(std::move(m_batch))) {
        throw DedupeStopped{};
      }
      m_batch = m_queue.take_buffer();
    }
  }

  std::vector<std::string> unused_maps() const { return m_mapper.unused_maps(); }

private:
  void reject(std::string_view kind, std::string_view reason) {
    ++m_run.summary.rejected;
    m_run.reject(kind, reason, m_record.line, m_record.fields);
  }

  void hand_over() {
    // A named lead id counts only when the store holds that lead.
    std::optional<std::uint64_t> lead_id = m_row.lead_id;
    if (lead_id && !std::binary_search(m_run.store_ids.begin(), m_run.store_ids.end(), *lead_id)) {
      if (m_row.identity.empty()) {
        reject(k_no_identity_kind, k_no_identity_reason);
        return;
      }
      lead_id.reset();
    }
    std::array<PendingRow::Key, 4> keys;
    std::size_t count = 0;
    if (!m_row[Field::email].empty()) {
      keys[count++] = {KeyKind::email, m_row[Field::email]};
    }
    if (!m_row[Field::external_id].empty()) {
      keys[count++] = {KeyKind::external_id, m_row[Field::external_id]};
    }
    if (m_row.phone_e164) {
      keys[count++] = {KeyKind::phone, m_row[Field::phone]};
    }
    if (!m_row.name_key.empty()) {
      keys[count++] = {KeyKind::name, m_row.name_key};
    }
    const std::size_t start = begin_pending_row(m_batch, lead_id, m_row.identity, keys, count);
    if (m_run.spill) {
      encode_spill();
    }
    end_pending_row(m_batch, start);
    if (m_batch.size() >= k_batch_size) {
      flush();
    }
  }

  // The row as phase 2 reads it back; the dedupe thread fills in its id.
  void encode_spill() {
    SpillHeader header;
    header.sequence = m_sequence++;
    header.line = static_cast<std::uint32_t>(m_record.line);
    header.input = m_input;
    std::size_t fields = 0;
    std::size_t bytes = 0;
    for (std::size_t c = 1; c < k_field_count; ++c) {
      fields += m_row.fields[c].empty() ? 0 : 1;
      bytes += m_row.fields[c].size();
    }
    for (const auto& [column, value] : m_row.extras) {
      std::uint16_t& global = m_global[column];
      if (global == k_unregistered) {
        global = m_run.column_for(m_mapping->columns[column].extra);
      }
      ++fields;
      bytes += value.size();
    }
    m_encoder.begin(m_batch, header, fields, bytes);
    for (std::size_t c = 1; c < k_field_count; ++c) {
      if (!m_row.fields[c].empty()) {
        m_encoder.field(static_cast<std::uint16_t>(c), m_row.fields[c]);
      }
    }
    for (const auto& [column, value] : m_row.extras) {
      m_encoder.field(m_global[column], value);
    }
  }

  Run& m_run;
  BatchQueue& m_queue;
  HeaderMapper m_mapper;
  RowNormalizer m_normalizer;
  NormalizedRow m_row;
  Rejection m_rejection;
  csv::Record m_record;
  const HeaderMapping* m_mapping = nullptr;
  std::uint16_t m_input = 0;
  std::vector<std::uint16_t> m_global;
  SpillEncoder m_encoder;
  std::string m_batch;
  std::uint32_t m_sequence = 0;
  std::uint64_t m_done_bytes = 0;
};

// Stops and joins the dedupe thread when phase 1 ends early (an exception).
struct JoinOnExit {
  BatchQueue& queue;
  std::thread& thread;
  ~JoinOnExit() {
    if (thread.joinable()) {
      queue.stop();
      thread.join();
    }
  }
};

} // namespace

void read_inputs(Run& run) {
  if (run.options.inputs.size() > 0xffff) {
    throw Error(ErrorKind::usage, "more than 65535 input files in one import");
  }
  std::uint64_t total_bytes = 0;
  for (const std::string& path : run.options.inputs) {
    struct stat st {};
    if (path != "-" && ::stat(path.c_str(), &st) == 0) {
      total_bytes += static_cast<std::uint64_t>(st.st_size);
    }
  }
  // Room for the rows the inputs probably hold (leads exports run about 160
  // bytes a row, most with two keys: an email and a phone), so that the
  // tables seldom grow (growing costs time and, while it lasts, memory).
  // (Not beyond that: most rows may merge into stored leads.)
  const std::size_t rows = total_bytes / 160;
  run.index.reserve(run.index.size() + 2 * rows);
  run.groups.reserve(std::max(run.groups.size(), rows));

  // The reading thread (this one) normalizes while another dedupes.
  BatchQueue queue;
  DedupePass dedupe(run);
  std::exception_ptr failure;
  std::thread worker([&] {
    try {
      dedupe.consume(queue);
    } catch (...) {
      failure = std::current_exception();
      queue.stop();
    }
  });
  JoinOnExit join{queue, worker};
  InputPass pass(run, queue);
  try {
    for (std::size_t i = 0; i < run.options.inputs.size(); ++i) {
      pass.read(i, total_bytes);
    }
    pass.flush();
  } catch (const DedupeStopped&) {
    // failure holds the reason, rethrown below.
  }
  queue.finish();
  worker.join();
  if (failure) {
    std::rethrow_exception(failure);
  }
  run.summary.created += dedupe.created();
  run.summary.merged += dedupe.merged();
  run.summary.unused_maps = pass.unused_maps();
}

} // namespace leads::import::detail
