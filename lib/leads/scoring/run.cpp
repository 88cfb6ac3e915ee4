#include <leads/scoring/run.hpp>

#include <leads/csv/writer.hpp>
#include <leads/error.hpp>
#include <leads/import/ordered_work.hpp>
#include <leads/model/model_file.hpp>
#include <leads/scoring/lead_scorer.hpp>
#include <leads/stop.hpp>
#include <leads/store/csv_sink.hpp>
#include <leads/store/store_update.hpp>

#include <fmt/format.h>

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
  std::uint64_t bytes_read = 0; // of the input, once this batch was read
  std::string csv;              // the scored rows
  std::vector<BatchEvent> events;
  Counts counts;

  void clear() {
    text.clear();
    ends.clear();
    widths.clear();
    csv.clear();
    events.clear();
    counts = {};
  }
  void add(std::span<const std::string_view> row) {
    for (std::string_view field : row) {
      text += field;
      ends.push_back(static_cast<std::uint32_t>(text.size()));
    }
    widths.push_back(static_cast<std::uint32_t>(row.size()));
  }
  bool full() const { return widths.size() >= k_batch_rows || text.size() >= k_batch_bytes; }
};

// Scores every row of a batch on a worker thread.
void score_batch(Batch& batch, RowScorer& scorer, std::size_t id_column, std::vector<std::string_view>& row,
                 std::vector<std::string_view>& out, std::vector<EventText>& events) {
  std::size_t field = 0;
  std::uint32_t start = 0;
  for (std::uint32_t width : batch.widths) {
    row.clear();
    for (std::uint32_t i = 0; i < width; ++i, ++field) {
      row.emplace_back(batch.text.data() + start, batch.ends[field] - start);
      start = batch.ends[field];
    }
    scorer.score(row, batch.counts, out, events);
    csv::append_row(batch.csv, std::span<const std::string_view>(out));
    for (EventText& event : events) {
      batch.events.push_back({std::string(id_column < row.size() ? row[id_column] : std::string_view()),
                              std::move(event)});
    }
  }
}

// Reads rows with `read` (false at the end), scores them on two worker
// threads, and hands the batches in input order to `consume` on the calling
// thread. A failure anywhere stops all of it and is rethrown here.
void score_in_parallel(const Scoring& scoring, std::size_t id_column,
                       const std::function<bool(Batch&)>& read, const std::function<void(Batch&)>& consume) {
  import::OrderedWork<Batch> work(k_in_flight);
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
          score_batch(*batch, scorer, id_column, row, out, events);
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
    throw Error(ErrorKind::usage, fmt::format("--explain '{}' matches no lead", *options.explain), "", 0, 0,
                "give a lead's id or email, or 'all'");
  }
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

std::optional<std::string> model_path(const config::Config& config, const std::optional<std::string>& option) {
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
  std::optional<model::Model> model = load_model(options);
  const bool writes = !options.dry_run && !options.explain;
  const std::vector<std::string> probability{"probability"};
  store::StoreUpdate update(workspace, !writes,
                            model ? std::span<const std::string>(probability) : std::span<const std::string>());
  Scoring scoring(workspace.config, update.stored_header(), options, std::move(model));
  detail::load_activities(scoring.engagement, workspace.activities_file().string(),
                          store::display_path(workspace.activities_file()), workspace.config.import.date_order,
                          true, summary);
  const std::size_t id_column = 0;
  Counts counts;
  if (options.explain) {
    // One thread, so that the explanations come in store order.
    RowScorer scorer(scoring);
    std::vector<std::string_view> out;
    std::vector<EventText> events;
    while (update.next()) {
      scorer.score(update.row(), counts, out, events);
    }
  } else {
    auto read = [&](Batch& batch) {
      while (!batch.full()) {
        if (!update.next()) {
          return false;
        }
        batch.add(update.row());
      }
      batch.bytes_read = update.bytes_read();
      throw_if_stop_requested();
      return true;
    };
    auto consume = [&](Batch& batch) {
      update.write_text(batch.csv, batch.counts.changed_rows);
      for (const BatchEvent& event : batch.events) {
        update.event({scoring.now_iso, event.lead_id, *store::event_kinds.parse(event.text.kind), event.text.from,
                      event.text.to, k_actor, event.text.note});
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
  Scoring scoring(config, input.header(), options, load_model(options));
  if (options.activities) {
    detail::load_activities(scoring.engagement, *options.activities,
                            *options.activities == "-" ? "<stdin>" : *options.activities, config.import.date_order,
                            scoring.columns.id.has_value(), summary);
  }
  Counts counts;
  csv::Record record;
  if (options.explain) {
    RowScorer scorer(scoring);
    std::vector<std::string_view> row;
    std::vector<EventText> events;
    while (input.next(record)) {
      scorer.score(record.fields, counts, row, events);
    }
  } else {
    store::CsvSink sink(*out);
    sink.row(std::span<const std::string>(scoring.columns.header));
    const std::uint64_t total = file_size(input.display_name());
    auto read = [&](Batch& batch) {
      while (!batch.full()) {
        if (!input.next(record)) {
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

std::string summary_text(const RunSummary& summary, bool dry_run) {
  std::string out = fmt::format("leads score: {}scored {}, changed grade {}, promoted {} to {}\n",
                                dry_run ? "(dry run) " : "", summary.scored, summary.changed_grade,
                                summary.promoted, summary.mql_stage);
  if (summary.unreadable_activities > 0) {
    out += fmt::format("leads score: {} activit{} with an unreadable time skipped, first at {}\n",
                       summary.unreadable_activities, summary.unreadable_activities == 1 ? "y" : "ies",
                       summary.first_unreadable);
  }
  return out;
}

} // namespace leads::scoring
