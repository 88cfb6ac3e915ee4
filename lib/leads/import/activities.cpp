#include <leads/import/activities.hpp>

#include <leads/error.hpp>
#include <leads/import/row_normalizer.hpp>
#include <leads/import/run.hpp>
#include <leads/lead/fields.hpp>
#include <leads/lead/id.hpp>
#include <leads/normalize/date.hpp>
#include <leads/normalize/email.hpp>
#include <leads/normalize/text.hpp>
#include <leads/stop.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <span>

namespace leads::import {

namespace {

constexpr std::size_t k_columns = 6;

std::size_t index_of(ActivityColumn column) {
  return static_cast<std::size_t>(column);
}

// The fingerprint of an activity row as activities.csv holds it.
lead::KeyHash row_key(std::span<const std::string_view> row, std::string& scratch) {
  scratch.clear();
  for (std::string_view value : row) {
    scratch.append(value);
    scratch += '\x1f';
  }
  return lead::DedupeIndex::hash(lead::KeyKind::activity, scratch);
}

// The rows of the store's activities file, to skip those an import brings again.
void load_stored_activities(const std::filesystem::path& file, lead::DedupeIndex& seen) {
  std::error_code error;
  if (!std::filesystem::exists(file, error) || std::filesystem::file_size(file, error) == 0) {
    return;
  }
  csv::ReaderOptions options;
  options.delimiter = ',';
  auto reader = csv::Reader::open(file.string(), options);
  const std::vector<std::string>& header = reader->header();
  std::array<std::size_t, k_activity_columns.size()> position{};
  for (std::size_t c = 0; c < k_activity_columns.size(); ++c) {
    const auto it = std::find(header.begin(), header.end(), k_activity_columns[c]);
    if (it == header.end()) {
      throw Error(ErrorKind::data, fmt::format("the activities file has no {} column", k_activity_columns[c]),
                  reader->display_name(), reader->header_line(), 0,
                  fmt::format("its header is {}; run leads check", fmt::join(k_activity_columns, ",")));
    }
    position[c] = static_cast<std::size_t>(it - header.begin());
  }
  csv::Record record;
  std::array<std::string_view, k_activity_columns.size()> row;
  std::string scratch;
  while (reader->next(record)) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      row[c] = position[c] < record.fields.size() ? record.fields[position[c]] : std::string_view();
    }
    seen.insert(row_key(row, scratch), 0);
  }
}

} // namespace

namespace detail {

void import_activities(Run& run, const std::string& path, const std::filesystem::path& stored,
                       store::CsvSink* out) {
  lead::DedupeIndex seen;
  load_stored_activities(stored, seen);
  auto reader = csv::Reader::open(path, run.reader_options());
  const std::vector<std::string> header = reader->header();
  run.begin_rejects(path, reader->display_name(), header);

  std::array<int, k_columns> position;
  position.fill(-1);
  for (std::size_t i = 0; i < header.size(); ++i) {
    ActivityColumn column;
    if (activity_column(header[i], column) && position[index_of(column)] < 0) {
      position[index_of(column)] = static_cast<int>(i);
    }
  }
  auto has = [&](ActivityColumn column) { return position[index_of(column)] >= 0; };
  // The input's name of a column that it has.
  auto column_name = [&](ActivityColumn column) -> const std::string& {
    return header[static_cast<std::size_t>(position[index_of(column)])];
  };
  const char* missing = nullptr;
  if (!has(ActivityColumn::at)) {
    missing = "at (or timestamp)";
  } else if (!has(ActivityColumn::type)) {
    missing = "type (or activity)";
  } else if (!has(ActivityColumn::email) && !has(ActivityColumn::lead_id)) {
    missing = "email or lead_id";
  }
  if (missing != nullptr) {
    throw Error(ErrorKind::data, fmt::format("the activities file has no {} column", missing),
                reader->display_name(), reader->header_line(), 0,
                "name the columns at, email or lead_id, type, detail and source");
  }

  csv::Record record;
  std::string at;
  std::string type;
  std::string email;
  char id[16];
  std::array<std::string_view, k_activity_columns.size()> row;
  std::string scratch;
  auto cell = [&](ActivityColumn column) -> std::string_view {
    const int p = position[index_of(column)];
    if (p < 0) {
      return {};
    }
    const std::string_view value = text::trim(record.fields[static_cast<std::size_t>(p)]);
    return run.config.is_null_value(value) ? std::string_view() : value;
  };
  auto reject = [&](std::string_view kind, const std::string& reason) {
    ++run.summary.activities_rejected;
    run.reject(kind, reason, record.line, record.fields, true);
  };

  while (reader->next(record)) {
    if (run.summary.activities_read % 4096 == 0) {
      throw_if_stop_requested();
    }
    ++run.summary.activities_read;
    if (record.fields.size() != header.size()) {
      reject("ragged row",
             fmt::format("ragged row: expected {} fields, found {}", header.size(), record.fields.size()));
      continue;
    }
    const std::string_view at_text = cell(ActivityColumn::at);
    if (at_text.empty()) {
      reject("no timestamp", fmt::format("no timestamp (column '{}')", column_name(ActivityColumn::at)));
      continue;
    }
    if (!normalize_timestamp(at_text, run.date_order, at)) {
      reject("unreadable date", fmt::format("unreadable date '{}' in at (column '{}'){}", at_text,
                                            column_name(ActivityColumn::at),
                                            normalize::unreadable_date_note(at_text, run.date_order)));
      continue;
    }
    const std::string_view type_text = cell(ActivityColumn::type);
    if (type_text.empty()) {
      reject("no activity type",
             fmt::format("no activity type (column '{}')", column_name(ActivityColumn::type)));
      continue;
    }
    type = normalize::snake_case(type_text);

    std::optional<std::uint64_t> lead;
    const std::string_view lead_text = cell(ActivityColumn::lead_id);
    const std::string_view email_text = cell(ActivityColumn::email);
    // The lead whose email it is, if any.
    auto lead_of_email = [&]() -> std::optional<std::uint64_t> {
      email = normalize::email(email_text);
      const auto group = run.index.find(lead::DedupeIndex::hash(
          lead::KeyKind::email,
          normalize::email_identity_key(email, run.config.import.email_identity, scratch)));
      return group ? std::optional(run.groups.id(*group)) : std::nullopt;
    };
    // --shard: an activity of a lead of another shard is that shard's, known
    // there or not (its own store may be another).
    if (!lead_text.empty()) {
      const auto parsed = lead::parse_id(lead_text);
      if (parsed && !run.shard.contains(*parsed)) {
        ++run.summary.activities_other_shards;
        continue;
      }
      if (!parsed || !run.groups.find(*parsed)) {
        reject("unknown lead", fmt::format("no lead with id '{}'", lead_text));
        continue;
      }
      lead = parsed;
      // Both given: they must name the same person, or the activity would
      // land on one of two leads by the column order.
      if (!email_text.empty()) {
        if (const auto other = lead_of_email(); other && *other != *lead) {
          reject("lead_id and email disagree",
                 fmt::format("lead_id '{}' and email '{}' name two different leads", lead_text, email_text));
          continue;
        }
      }
    } else if (!email_text.empty()) {
      lead = lead_of_email();
      if (!lead) {
        reject("unknown lead", fmt::format("no lead with email '{}'", email_text));
        continue;
      }
    } else {
      reject("unknown lead", "no email or lead_id");
      continue;
    }

    if (!run.shard.contains(*lead)) {
      ++run.summary.activities_other_shards;
      continue;
    }
    lead::format_id(*lead, id);
    std::string_view source = cell(ActivityColumn::source);
    if (source.empty()) {
      source = run.options.source;
    }
    row = {at, std::string_view(id, 16), type, cell(ActivityColumn::detail), source};
    const std::size_t known = seen.size();
    seen.insert(row_key(row, scratch), 0);
    if (seen.size() == known) {
      ++run.summary.activities_duplicate;
      continue;
    }
    ++run.summary.activities_added;
    if (out != nullptr) {
      out->row(std::span<const std::string_view>(row));
    }
  }
  if (reader->report_footer_line() > 0) {
    run.summary.report_footers.push_back({reader->display_name(), reader->report_footer_line()});
  }
}

} // namespace detail

} // namespace leads::import
