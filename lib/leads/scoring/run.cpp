#include <leads/scoring/run.hpp>

#include <leads/csv/writer.hpp>
#include <leads/error.hpp>
#include <leads/model/model_file.hpp>
#include <leads/parallel/ordered_work.hpp>
#include <leads/scoring/lead_scorer.hpp>
#include <leads/stop.hpp>
#include <leads/store/csv_sink.hpp>
#include <leads/store/store_update.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include <sys/stat.h>

namespace leads::scoring {

namespace fs = std::filesystem;
using detail::Counts;
using detail::RowScorer;
using detail::Scoring;

namespace {

constexpr std::string_view k_actor = "score";
constexpr std::size_t k_batch_rows = 2048;
constexpr std::size_t k_batch_bytes = std::size_t{1} << 20;
constexpr std::size_t k_in_flight = 8; // batches: bounds memory whatever the input's size

// An event a batch's row calls for, with the row's lead id.
struct BatchEvent {
  std::string lead_id;
  EventText text;
};

// Rows on their way through the scoring threads: the input's fields copied
// in, the scored rows rendered out.
struct Batch {
  std::string text;                // the fields, one after another
  std::vector<std::uint32_t> ends; // where each field ends in text
  std::vector<std::uint32_t> widths;
  std::vector<std::uint8_t> kept; // per row: 1 when it is written as it is (another shard's lead)
  std::uint64_t bytes_read = 0;   // of the input, once this batch was read
  std::string csv;                // the scored rows
  std::vector<BatchEvent> events;
  Counts counts;

  void clear() {
    text.clear();
    ends.clear();
    widths.clear();
    kept.clear();
    csv.clear();
    events.clear();
    counts = {};
  }
  void add(std::span<const std::string_view> row, bool keep = false) {
    for (std::string_view field : row) {
      text += field;
      ends.push_back(static_cast<std::uint32_t>(text.size()));
    }
    widths.push_back(static_cast<std::uint32_t>(row.size()));
    kept.push_back(keep ? 1 : 0);
  }
  bool full() const { return widths.size() >= k_batch_rows || text.size() >= k_batch_bytes; }
};

// Scores every row of a batch on a worker thread; a row kept is written as it
// is, in the output's columns.
void score_batch(Batch& batch, RowScorer& scorer, std::size_t id_column, std::size_t columns,
                 std::vector<std::string_view>& row, std::vector<std::string_view>& out,
                 std::vector<EventText>& events) {
  std::size_t field = 0;
  std::uint32_t start = 0;
  for (std::size_t r = 0; r < batch.widths.size(); ++r) {
    row.clear();
    for (std::uint32_t i = 0; i < batch.widths[r]; ++i, ++field) {
      row.emplace_back(batch.text.data() + start, batch.ends[field] - start);
      start = batch.ends[field];
    }
    if (batch.kept[r] != 0) {
      out.assign(row.begin(), row.end());
      out.resize(columns);
      batch.counts.changed_rows += out.size() != row.size() ? 1 : 0;
      csv::append_row(batch.csv, std::span<const std::string_view>(out));
      continue;
    }
    scorer.score(row, batch.counts, out, events);
    csv::append_row(batch.csv, std::span<const std::string_view>(out));
    for (EventText& event : events) {
      batch.events.push_back(
          {std::string(id_column < row.size() ? row[id_column] : std::string_view()), std::move(event)});
    }
  }
}

// Reads rows with `read` (false at the end), scores them on two worker
// threads, and hands the batches in input order to `consume` on the calling
// thread. A failure anywhere stops all of it and is rethrown here.
void score_in_parallel(const Scoring& scoring, std::size_t id_column, const std::function<bool(Batch&)>& read,
                       const std::function<void(Batch&)>& consume) {
  parallel::OrderedWork<Batch> work(k_in_flight);
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto fail = [&] {
    std::lock_guard lock(failure_mutex);
    if (!failure) {
      failure = std::current_exception();
    }
    work.stop();
  };
  std::thread producer([&] {
    try {
      for (;;) {
        std::unique_ptr<Batch> batch = work.take();
        if (!batch) {
          return;
        }
        batch->clear();
        const bool more = read(*batch);
        if (!batch->widths.empty()) {
          work.submit(std::move(batch));
        } else {
          work.recycle(std::move(batch));
        }
        if (!more) {
          work.finish();
          return;
        }
      }
    } catch (...) {
      fail();
    }
  });
  std::vector<std::thread> workers;
  for (int i = 0; i < 2; ++i) {
    workers.emplace_back([&] {
      try {
        RowScorer scorer(scoring);
        std::vector<std::string_view> row;
        std::vector<std::string_view> out;
        std::vector<EventText> events;
        std::unique_ptr<Batch> batch;
        std::uint64_t number = 0;
        while (work.work(batch, number)) {
          score_batch(*batch, scorer, id_column, scoring.columns.header.size(), row, out, events);
          work.done(number, std::move(batch));
        }
      } catch (...) {
        fail();
      }
    });
  }
  try {
    while (std::unique_ptr<Batch> batch = work.next()) {
      consume(*batch);
      work.recycle(std::move(batch));
    }
  } catch (...) {
    fail();
  }
  producer.join();
  for (std::thread& worker : workers) {
    worker.join();
  }
  if (failure) {
    std::rethrow_exception(failure);
  }
}

std::optional<model::Model> load_model(const RunOptions& options) {
  if (!options.model_file) {
    return std::nullopt;
  }
  return model::load_model(*options.model_file);
}

void refuse_unmatched_explain(const RunOptions& options, const Counts& counts) {
  if (options.explain && *options.explain != "all" && counts.explained == 0) {
    throw Error(ErrorKind::usage,
                fmt::format("--explain '{}' matches no lead{}", *options.explain,
                            options.shard ? " of shard " + options.shard->name() : ""),
                "", 0, 0, "give a lead's id or email, or 'all'");
  }
}

// Filter mode's --shard: the id column, or a usage error.
std::optional<std::size_t> shard_column(const RunOptions& options, const detail::Columns& columns) {
  if (!options.shard) {
    return std::nullopt;
  }
  if (!columns.id) {
    throw Error(ErrorKind::usage, "--shard needs the lead's id, and the input has no id column", "", 0, 0,
                "score a CSV that leads import -o or leads list wrote: its first column is id");
  }
  return columns.id;
}

// Whether a row of the input is in the shard, by its id.
bool in_shard(const lead::Shard& shard, std::size_t column, const csv::Record& record,
              const std::string& input) {
  const std::string_view text = column < record.fields.size() ? record.fields[column] : std::string_view();
  const auto id = lead::parse_any_case_id(text);
  if (!id) {
    throw Error(
        ErrorKind::data,
        fmt::format("'{}' in column id is not a lead id (16 hex digits): --shard cannot place the row", text),
        input, record.line, 0, "every row needs the id that leads import gave it");
  }
  return shard.contains(*id);
}

std::uint64_t file_size(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

void add_counts(RunSummary& summary, const Counts& counts) {
  summary.scored += counts.scored;
  summary.changed_grade += counts.changed_grade;
  summary.promoted += counts.promoted;
  summary.explained += counts.explained;
}

} // namespace

std::optional<std::string> model_path(const config::Config& config,
                                      const std::optional<std::string>& option) {
  if (option) {
    return option;
  }
  if (!config.scoring.model) {
    return std::nullopt;
  }
  const fs::path model(*config.scoring.model);
  if (model.is_absolute() || config.source.empty()) {
    return model.string();
  }
  return (fs::path(config.source).parent_path() / model).lexically_normal().string();
}

RunSummary score_workspace(const store::Workspace& workspace, const RunOptions& options) {
  RunSummary summary;
  summary.mql_stage = workspace.config.scoring.mql_stage;
  summary.shard = options.shard;
  auto scored = [&](std::uint64_t id) { return !options.shard || options.shard->contains(id); };
  std::optional<model::Model> model = load_model(options);
  const bool writes = !options.dry_run && !options.explain;
  const std::vector<std::string> probability{"probability"};
  store::StoreUpdate update(
      workspace, !writes, model ? std::span<const std::string>(probability) : std::span<const std::string>());
  Scoring scoring(workspace.config, update.stored_header(), options, std::move(model));
  detail::load_activities(scoring.engagement, workspace.activities_file().string(),
                          store::display_path(workspace.activities_file()),
                          workspace.config.import.date_order, true, summary);
  const std::size_t id_column = 0;
  Counts counts;
  if (options.explain) {
    // One thread, so that the explanations come in store order.
    RowScorer scorer(scoring);
    std::vector<std::string_view> out;
    std::vector<EventText> events;
    while (update.next()) {
      if (scored(update.id())) {
        scorer.score(update.row(), counts, out, events);
      }
    }
  } else {
    auto read = [&](Batch& batch) {
      while (!batch.full()) {
        if (!update.next()) {
          return false;
        }
        batch.add(update.row(), !scored(update.id()));
      }
      batch.bytes_read = update.bytes_read();
      throw_if_stop_requested();
      return true;
    };
    auto consume = [&](Batch& batch) {
      update.write_text(batch.csv, batch.counts.changed_rows);
      for (const BatchEvent& event : batch.events) {
        update.event({scoring.now_iso, event.lead_id, *store::event_kinds.parse(event.text.kind),
                      event.text.from, event.text.to, k_actor, event.text.note});
      }
      counts += batch.counts;
      if (options.progress) {
        options.progress(batch.bytes_read, update.bytes_total());
      }
    };
    score_in_parallel(scoring, id_column, read, consume);
  }
  add_counts(summary, counts);
  refuse_unmatched_explain(options, counts);
  update.commit();
  return summary;
}

RunSummary score_stream(const config::Config& config, csv::Reader& input, store::FileSink* out,
                        const RunOptions& options) {
  RunSummary summary;
  summary.mql_stage = config.scoring.mql_stage;
  summary.shard = options.shard;
  Scoring scoring(config, input.header(), options, load_model(options));
  const std::optional<std::size_t> id_column = shard_column(options, scoring.columns);
  // The next row of the input that is in the shard; false at the end.
  auto next = [&](csv::Record& record) {
    while (input.next(record)) {
      if (!id_column || in_shard(*options.shard, *id_column, record, input.display_name())) {
        return true;
      }
    }
    return false;
  };
  if (options.activities) {
    detail::load_activities(scoring.engagement, *options.activities,
                            *options.activities == "-" ? "<stdin>" : *options.activities,
                            config.import.date_order, scoring.columns.id.has_value(), summary);
  }
  Counts counts;
  csv::Record record;
  if (options.explain) {
    RowScorer scorer(scoring);
    std::vector<std::string_view> row;
    std::vector<EventText> events;
    while (next(record)) {
      scorer.score(record.fields, counts, row, events);
    }
  } else {
    store::CsvSink sink(*out);
    sink.row(std::span<const std::string>(scoring.columns.header));
    const std::uint64_t total = file_size(input.display_name());
    auto read = [&](Batch& batch) {
      while (!batch.full()) {
        if (!next(record)) {
          return false;
        }
        batch.add(record.fields);
      }
      batch.bytes_read = input.bytes_read();
      throw_if_stop_requested();
      return true;
    };
    auto consume = [&](Batch& batch) {
      sink.text(batch.csv);
      counts += batch.counts;
      if (options.progress) {
        options.progress(batch.bytes_read, total);
      }
    };
    score_in_parallel(scoring, scoring.columns.id.value_or(0), read, consume);
    sink.flush();
  }
  add_counts(summary, counts);
  refuse_unmatched_explain(options, counts);
  return summary;
}

ExplanationPrinter::ExplanationPrinter(render::Format format, bool color, store::FileSink& out)
    : m_printer(format, {"id", "email", "dimension", "rule", "points", "note"}, {color}),
      m_whole(format == render::Format::table), m_out(out) {
  m_printer.begin(m_text);
}

void ExplanationPrinter::print(const Explanation& e) {
  m_printer.row(m_text, {e.id, e.email, e.dimension, e.rule, e.points, e.note});
  if (!m_whole && m_text.size() > (1u << 16)) {
    m_out.write(m_text);
    m_text.clear();
  }
}

void ExplanationPrinter::finish() {
  m_printer.end(m_text);
  m_out.write(m_text);
  m_text.clear();
}

std::string summary_text(const RunSummary& summary, bool dry_run) {
  std::string out = fmt::format("leads score: {}scored {}{}, changed grade {}, promoted {} to {}\n",
                                dry_run ? "(dry run) " : "", summary.scored,
                                summary.shard ? " of shard " + summary.shard->name() : "",
                                summary.changed_grade, summary.promoted, summary.mql_stage);
  if (summary.unreadable_activities > 0) {
    out += fmt::format("leads score: {} activit{} with an unreadable time skipped, first at {}\n",
                       summary.unreadable_activities, summary.unreadable_activities == 1 ? "y" : "ies",
                       summary.first_unreadable);
  }
  if (!summary.unmatched_types.empty()) {
    // The most frequent types first, then by name; at most three named.
    std::vector<std::pair<std::string, long>> types(summary.unmatched_types.begin(),
                                                    summary.unmatched_types.end());
    std::stable_sort(types.begin(), types.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    long total = 0;
    std::vector<std::string> named;
    for (const auto& [type, count] : types) {
      total += count;
      if (named.size() < 3) {
        named.push_back(fmt::format("{} ({})", type.empty() ? "no type" : type, count));
      }
    }
    out += fmt::format("leads score: {} activit{} of types no engagement rule names counted nothing: {}{}\n",
                       total, total == 1 ? "y" : "ies", fmt::join(named, ", "),
                       types.size() > named.size() ? ", ..." : "");
  }
  return out;
}

} // namespace leads::scoring
