#include <leads/import/importer.hpp>

#include <leads/error.hpp>
#include <leads/import/header_map.hpp>
#include <leads/import/name_match.hpp>
#include <leads/import/run.hpp>
#include <leads/import/stage_dates.hpp>
#include <leads/lead/fields.hpp>
#include <leads/normalize/phone.hpp>
#include <leads/stop.hpp>
#include <leads/store/history.hpp>
#include <leads/store/posix_file.hpp>
#include <leads/store/transaction.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace leads::import {

namespace fs = std::filesystem;

namespace detail {

namespace {

std::string compact_stamp(std::string_view iso) {
  std::string out;
  for (char c : iso) {
    if (c != '-' && c != ':') {
      out += c;
    }
  }
  return out;
}

} // namespace

Run::Run(const config::Config& config_, const Options& options_) : config(config_), options(options_) {
  first_stage = config.stages.empty() ? std::string("new") : config.stages.front().name;
  if (!options.preset.empty()) {
    preset = find_preset(options.preset);
    if (preset == nullptr) {
      std::string names;
      for (std::string_view name : preset_names()) {
        names += names.empty() ? "" : ", ";
        names += name;
      }
      throw Error(ErrorKind::usage, fmt::format("unknown preset '{}'", options.preset), {}, 0, 0,
                  "use one of " + names);
    }
  }
  for (const auto& [column, field] : options.maps) {
    parse_column_map(column + "=" + field);
  }
  date_order = options.date_order.value_or(config.import.date_order);
  shard = lead::Shard{options.shard_index, options.shard_count};
  if (!shard.whole()) {
    summary.shard = shard.name();
  }
  setup_stage_options(*this);
  now_iso = normalize::format_iso(options.now);
  stamp = compact_stamp(now_iso);
  columns.assign(k_field_names.begin(), k_field_names.end());
}

std::uint16_t Run::column_for(const std::string& name) {
  const auto it = extra_columns.find(name);
  if (it != extra_columns.end()) {
    return it->second;
  }
  if (columns.size() >= 0xffff) {
    throw Error(ErrorKind::data, "more than 65534 columns in the inputs and the store together");
  }
  const auto column = static_cast<std::uint16_t>(columns.size());
  columns.push_back(name);
  extra_columns.emplace(name, column);
  return column;
}

void Run::set_store_header(const std::vector<std::string>& header) {
  for (std::size_t i = k_field_count; i < header.size(); ++i) {
    column_for(header[i]);
  }
}

void Run::begin_rejects(const std::string& path, const std::string& display_name,
                        const std::vector<std::string>& header) {
  for (RejectSink* sink : reject_sinks) {
    sink->begin_input(path, display_name, header);
  }
}

void Run::reject(std::string_view kind, std::string_view reason, long line,
                 std::span<const std::string_view> fields, bool activity) {
  auto& counts = activity ? activity_reason_counts : reason_counts;
  auto it = counts.find(kind);
  if (it == counts.end()) {
    it = counts.emplace(std::string(kind), 0).first;
  }
  ++it->second;
  for (RejectSink* sink : reject_sinks) {
    sink->reject(line, reason, fields);
  }
}

void Run::warn_cell(const CellWarning& warning, const std::string& file, long line) {
  auto it = cell_warning_counts.find(warning.kind);
  if (it == cell_warning_counts.end()) {
    it = cell_warning_counts.emplace(std::string(warning.kind), 0).first;
  }
  ++it->second;
  ++summary.cell_warning_count;
  if (summary.first_cell_warnings.size() < k_listed_cell_warnings) {
    summary.first_cell_warnings.push_back({file, line, warning.reason});
  }
}

csv::ReaderOptions Run::reader_options() const {
  csv::ReaderOptions reader = options.reading;
  reader.ragged = csv::RaggedPolicy::allow;
  reader.skip_report_footer = true;
  return reader;
}

void Run::release_index() {
  index = lead::DedupeIndex();
  groups = lead::GroupIds();
  std::vector<std::uint64_t>().swap(store_ids);
  std::vector<NamePrint>().swap(name_prints);
}

Summary Run::finish() {
  auto by_count = [](const auto& counts, std::vector<std::pair<std::string, long>>& out) {
    out.assign(counts.begin(), counts.end());
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
  };
  by_count(reason_counts, summary.reasons);
  by_count(activity_reason_counts, summary.activity_reasons);
  by_count(cell_warning_counts, summary.cell_warnings);
  return std::move(summary);
}

static_assert(lead::k_table_sample % lead::KeyBatch::k_size == 0);

void add_phone_of_name(Run& run, const lead::KeyHash& phone, std::uint32_t group) {
  const NamePrint name = run.name_prints[group];
  for (const bool family : {true, false}) {
    if ((family ? name.family : name.given) != 0) {
      run.index.insert(phone_of_name(phone, name, family), group);
    }
  }
}

void load_store(Run& run, const fs::path& leads_file) {
  store::StoreReader store(leads_file);
  struct stat st {};
  const std::uint64_t file_bytes =
      ::stat(leads_file.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
  run.store_ids.reserve(file_bytes / 200); // about 200 bytes a lead or more
  run.set_store_header(store.header());
  // Ids and keys go into the tables in batches, their slots prefetched as
  // they come (see lead::KeyBatch); group numbers are dense, so known in advance.
  std::string scratch;
  lead::KeyBatch keys(run.index);
  std::vector<std::pair<std::uint64_t, bool>> ids; // and whether the lead has an email
  ids.reserve(lead::KeyBatch::k_size);
  auto add_ids = [&] {
    for (const auto& [id, has_email] : ids) {
      run.groups.add(id, has_email);
    }
    ids.clear();
  };
  // Stored leads with a phone and a family name: once their keys are in, one
  // whose phone is an earlier lead's gets its key by phone and name too (see
  // DedupePass::find_lead), so that a row of its name finds it.
  struct NamedPhone {
    lead::KeyHash phone;
    std::uint32_t group;
  };
  std::vector<NamedPhone> named_phones;
  named_phones.reserve(lead::KeyBatch::k_size);
  auto add_named_phones = [&] {
    keys.flush();
    for (const NamedPhone& named : named_phones) {
      if (run.index.find(named.phone) != named.group) {
        detail::add_phone_of_name(run, named.phone, named.group);
      }
    }
    named_phones.clear();
  };
  const std::size_t email = field_index(Field::email);
  const std::size_t first_name = field_index(Field::first_name);
  const std::size_t last_name = field_index(Field::last_name);
  run.name_prints.reserve(run.store_ids.capacity());
  while (store.next()) {
    const auto group = static_cast<std::uint32_t>(run.groups.size() + ids.size());
    run.groups.prefetch(store.id());
    const auto& fields = store.record().fields;
    ids.emplace_back(store.id(), !fields[email].empty());
    // (A lead without a phone is never found by one: its name need not be read.)
    const NamePrint print = normalize::is_e164(fields[field_index(Field::phone)])
                                ? name_print(fields[first_name], fields[last_name])
                                : NamePrint{};
    run.name_prints.push_back(print);
    run.store_ids.push_back(store.id());
    std::optional<lead::KeyHash> phone;
    add_store_keys(store.record(), group, keys, scratch, run.config.import.email_identity, &phone);
    if (phone && print != NamePrint{}) {
      named_phones.push_back({*phone, group});
    }
    if (ids.size() == lead::KeyBatch::k_size) {
      throw_if_stop_requested();
      add_ids();
      add_named_phones();
      if (run.groups.size() == lead::k_table_sample && file_bytes > 0) {
        keys.flush();
        lead::reserve_for_load(run.index, run.groups, {},
                               static_cast<double>(store.bytes_read()) / static_cast<double>(file_bytes));
      }
    }
  }
  add_ids();
  add_named_phones();
}

} // namespace detail

namespace {

// Whether opening path twice reads the same bytes twice (a file; not stdin or a pipe).
bool readable_twice(const std::string& path) {
  struct stat st {};
  return path != "-" && (::stat(path.c_str(), &st) != 0 || S_ISREG(st.st_mode));
}

// Opens every input before any work, so that a mistyped name or a file that
// is not CSV fails at once, not after the store is loaded and the inputs
// before it are read. Files are opened (their header read) and closed again;
// stdin and pipes stay open for phase 1, as they cannot be read twice.
// Returns the inputs' headers.
std::vector<std::vector<std::string>> open_inputs(detail::Run& run) {
  const Options& options = run.options;
  std::vector<std::vector<std::string>> headers;
  run.opened.resize(options.inputs.size());
  for (std::size_t i = 0; i < options.inputs.size(); ++i) {
    auto reader = csv::Reader::open(options.inputs[i], run.reader_options());
    check_stage_date_columns(run.stage_dates, reader->header(), reader->display_name());
    headers.push_back(reader->header());
    if (!readable_twice(options.inputs[i])) {
      run.opened[i] = std::move(reader);
    }
  }
  if (options.activities && readable_twice(*options.activities)) {
    csv::Reader::open(*options.activities, run.reader_options());
  }
  return headers;
}

// A store that is gone (missing, or emptied to 0 bytes) while events.csv
// holds history: a lost file, which an import must not silently start anew.
void refuse_lost_store(const store::Workspace& workspace) {
  struct stat store_stat {};
  struct stat events_stat {};
  const bool missing = ::stat(workspace.leads_file().c_str(), &store_stat) != 0;
  const std::size_t header_bytes = fmt::format("{}\n", fmt::join(k_event_columns, ",")).size();
  if ((missing || store_stat.st_size == 0) && ::stat(workspace.events_file().c_str(), &events_stat) == 0 &&
      static_cast<std::size_t>(events_stat.st_size) > header_bytes) {
    throw Error(ErrorKind::no_input,
                fmt::format("the store is {}, but {} holds the history of its leads",
                            missing ? "missing" : "empty", store::display_path(workspace.events_file())),
                store::display_path(workspace.leads_file()), 0, 0,
                "restore it from a backup; 'leads check' lists what refers to it");
  }
}

bool nothing_to_write(const Options& options, const Summary& summary) {
  return options.dry_run || (options.strict && summary.rejected + summary.activities_rejected > 0);
}

// Where phase 2 writes when nothing is to be written: it still folds every
// lead, to count the merges that change nothing as a real run does.
class DiscardSink final : public store::FileSink {
public:
  void write(std::string_view) override {}
};

// Phase 2 into nothing (a dry run, or --strict with rejected rows).
void count_merges(detail::Run& run, const std::optional<fs::path>& leads_file) {
  if (run.summary.created + run.summary.merged == 0) {
    return;
  }
  DiscardSink discard;
  store::CsvSink leads(discard);
  std::optional<store::StoreReader> store;
  if (leads_file) {
    store.emplace(*leads_file);
  }
  detail::write_leads(run, store ? &*store : nullptr, leads, nullptr);
}

} // namespace

Summary import_into_workspace(const store::Workspace& workspace, const Options& options) {
  detail::Run run(workspace.config, options);
  const bool writing = !options.dry_run;
  std::optional<store::Transaction> transaction;
  std::unique_ptr<WorkspaceRejects> file_rejects;
  ListRejects list_rejects(options.on_reject, run.summary.rejected_rows);
  if (writing) {
    transaction.emplace(workspace.data_dir());
    file_rejects = std::make_unique<WorkspaceRejects>(*transaction, workspace.rejects_dir(), run.stamp,
                                                      run.summary.rejects_files);
    run.reject_sinks.push_back(file_rejects.get());
  }
  if (options.dry_run || options.strict) {
    run.reject_sinks.push_back(&list_rejects);
  }

  refuse_lost_store(workspace);
  open_inputs(run);
  detail::load_store(run, workspace.leads_file());
  detail::read_inputs(run);
  detail::load_history_keys(run, workspace.events_file());
  std::unique_ptr<store::CsvSink> activities;
  if (options.activities) {
    if (writing) {
      activities = store::append_csv(*transaction, workspace.activities_file(), k_activity_columns);
    }
    store::CsvSink* out = activities.get();
    detail::import_activities(run, *options.activities, workspace.activities_file(), out);
  }
  run.release_index();

  if (nothing_to_write(options, run.summary)) {
    count_merges(run, workspace.leads_file());
    if (transaction) {
      transaction->rollback();
    }
    run.summary.rejects_files.clear();
    run.summary.wrote_nothing = true;
    return run.finish();
  }
  if (run.summary.created + run.summary.merged > 0) {
    store::StoreReader store(workspace.leads_file());
    store::CsvSink leads(transaction->replace(workspace.leads_file()));
    std::unique_ptr<store::CsvSink> events =
        store::append_csv(*transaction, workspace.events_file(), k_event_columns);
    detail::write_leads(run, &store, leads, events.get());
    leads.flush();
    events->flush();
  }
  if (!activities && !fs::exists(workspace.activities_file())) {
    // A store in a new folder (store: in leads.yaml) gets its whole layout,
    // so that check finds it complete after the first import.
    activities = store::append_csv(*transaction, workspace.activities_file(), k_activity_columns);
  }
  if (activities) {
    activities->flush();
  }
  file_rejects->finish();
  throw_if_stop_requested(); // the last moment: once committing, the run completes
  transaction->commit();
  return run.finish();
}

Summary import_to_stream(const config::Config& config, const Options& options, store::FileSink& out,
                         const std::optional<std::string>& rejects_path) {
  if (options.activities) {
    throw Error(ErrorKind::usage, "--activities needs a workspace", {}, 0, 0,
                "run the import inside a workspace (or with -C DIR) and without -o");
  }
  detail::Run run(config, options);
  ListRejects list_rejects(options.on_reject, run.summary.rejected_rows);
  std::unique_ptr<FileRejects> file_rejects;
  const std::vector<std::vector<std::string>> headers = open_inputs(run);
  if (rejects_path && !options.dry_run) {
    // The rejects file's columns are the union of all inputs' headers.
    file_rejects = std::make_unique<FileRejects>(*rejects_path, headers);
    run.reject_sinks.push_back(file_rejects.get());
  }
  if (!file_rejects || options.strict) {
    run.reject_sinks.push_back(&list_rejects);
  }

  detail::read_inputs(run);
  run.release_index();
  if (nothing_to_write(options, run.summary)) {
    count_merges(run, std::nullopt);
    run.summary.wrote_nothing = true;
    return run.finish();
  }
  store::CsvSink leads(out);
  detail::write_leads(run, nullptr, leads, nullptr);
  leads.flush();
  throw_if_stop_requested(); // the caller commits the output next: the last moment to stop
  if (file_rejects) {
    file_rejects->commit();
    run.summary.rejects_files.push_back(*rejects_path);
  }
  return run.finish();
}

} // namespace leads::import
