// The parts of an import run that the history of stages needs: the column
// options checked as the run starts, and the entries events.csv holds.
#include <leads/import/run.hpp>

#include <leads/error.hpp>
#include <leads/import/stage_dates.hpp>
#include <leads/lead/id.hpp>
#include <leads/normalize/text.hpp>
#include <leads/text/did_you_mean.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace leads::import::detail {

namespace {

std::vector<std::string> stage_names(const config::Config& config) {
  std::vector<std::string> names;
  for (const config::Stage& stage : config.stages) {
    names.push_back(stage.name);
  }
  return names;
}

} // namespace

void setup_stage_options(Run& run) {
  run.stage_dates = resolve_stage_dates(run.config, run.options.stage_dates);
  for (const auto& [column, stage] : run.stage_dates) {
    for (const auto& [mapped, field] : run.options.maps) {
      if (normalize::header_key(mapped) == normalize::header_key(column)) {
        throw Error(ErrorKind::usage,
                    fmt::format("--map '{}={}' and --stage-date '{}={}' name one column", mapped, field,
                                column, stage),
                    {}, 0, 0, "a column feeds one field or dates one stage: keep one of them");
      }
    }
  }
  if (run.options.sets.empty()) {
    return;
  }
  RowNormalizer normalizer(run.config, run.preset, run.date_order, std::string());
  for (const auto& [name, value] : run.options.sets) {
    const std::optional<Field> field = field_from_name(name);
    if (!field) {
      throw Error(ErrorKind::usage, fmt::format("--set '{}={}': '{}' is not a field", name, value, name));
    }
    run.dates_stages = run.dates_stages || *field == Field::stage_at;
    const std::string problem = normalizer.set_problem(*field, value);
    if (problem.empty()) {
      continue;
    }
    if (*field == Field::stage) {
      throw Error(
          ErrorKind::usage,
          fmt::format("--set 'stage={}': '{}' is not a stage{}", value, value,
                      text::did_you_mean(value, stage_names(run.config))),
          {}, 0, 0,
          "name a stage of leads.yaml, or a value that import.values.stage (or the preset) maps to one");
    }
    throw Error(ErrorKind::usage, fmt::format("--set '{}={}': {}", name, value, problem), {}, 0, 0,
                "give a value that a cell of the column could hold");
  }
}

std::uint64_t history_key(std::uint64_t lead, std::string_view stage, std::string_view at) {
  std::array<char, 96> buffer; // a stage name and a timestamp fit, most of the time
  std::string longer;
  const std::size_t size = stage.size() + 1 + at.size();
  char* text = buffer.data();
  if (size > buffer.size()) {
    longer.resize(size);
    text = longer.data();
  }
  std::memcpy(text, stage.data(), stage.size());
  text[stage.size()] = '\x1f';
  std::memcpy(text + stage.size() + 1, at.data(), at.size());
  return XXH3_64bits_withSeed(text, size, lead);
}

bool in_history(const Run& run, std::uint64_t lead, std::string_view stage, std::string_view at) {
  return !run.history_keys.empty() &&
         std::binary_search(run.history_keys.begin(), run.history_keys.end(), history_key(lead, stage, at));
}

void load_history_keys(Run& run, const std::filesystem::path& events_file) {
  std::error_code error;
  if (!run.dates_stages || !std::filesystem::exists(events_file, error) ||
      std::filesystem::file_size(events_file, error) == 0) {
    return;
  }
  csv::ReaderOptions options;
  options.delimiter = ',';
  options.ragged = csv::RaggedPolicy::allow;
  auto reader = csv::Reader::open(events_file.string(), options);
  const std::vector<std::string>& header = reader->header();
  // at, lead_id, kind, to
  constexpr std::array<std::size_t, 4> k_wanted = {0, 1, 2, 4};
  std::array<std::size_t, k_wanted.size()> position{};
  for (std::size_t c = 0; c < k_wanted.size(); ++c) {
    const std::string_view name = k_event_columns[k_wanted[c]];
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) {
      throw Error(ErrorKind::data, fmt::format("the events file has no {} column", name),
                  reader->display_name(), reader->header_line(), 0,
                  fmt::format("its header is {}; run leads check", fmt::join(k_event_columns, ",")));
    }
    position[c] = static_cast<std::size_t>(it - header.begin());
  }
  const std::size_t needed = *std::max_element(position.begin(), position.end()) + 1;
  csv::Record record;
  while (reader->next(record)) {
    if (record.fields.size() < needed) {
      continue; // `leads check` names it
    }
    const std::string_view kind = record.fields[position[2]];
    const std::string_view to = record.fields[position[3]];
    if ((kind != "stage" && kind != "created") || to.empty()) {
      continue;
    }
    if (const std::optional<std::uint64_t> lead = lead::parse_id(record.fields[position[1]])) {
      run.history_keys.push_back(history_key(*lead, to, record.fields[position[0]]));
    }
  }
  std::sort(run.history_keys.begin(), run.history_keys.end());
  run.history_keys.erase(std::unique(run.history_keys.begin(), run.history_keys.end()),
                         run.history_keys.end());
}

} // namespace leads::import::detail
