#include <leads/model/dataset.hpp>

#include <leads/error.hpp>
#include <leads/model/label.hpp>
#include <leads/normalize/text.hpp>
#include <leads/text/did_you_mean.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <functional>

namespace leads::model {

namespace {

// Canonical columns that name or reach one person: never features.
constexpr std::array<std::string_view, 6> k_identity_columns = {"id",         "external_id", "email",
                                                                "first_name", "last_name",   "phone"};

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

void check_names(const std::vector<std::string>& header, const std::vector<std::string>& names,
                 std::string_view option) {
  for (const std::string& name : names) {
    if (!contains(header, name)) {
      throw Error(ErrorKind::usage,
                  fmt::format("unknown column '{}' in {}{}", name, option, text::did_you_mean(name, header)),
                  "", 0, 0, fmt::format("the columns are: {}", fmt::join(header, ", ")));
    }
  }
}

} // namespace

std::string_view use_name(ColumnReport::Use use) {
  switch (use) {
  case ColumnReport::Use::numeric:
    return "numeric";
  case ColumnReport::Use::categorical:
    return "categorical";
  case ColumnReport::Use::dropped:
    break;
  }
  return "dropped";
}

std::size_t Dataset::Hash::operator()(std::string_view text) const noexcept {
  return std::hash<std::string_view>{}(text);
}

Dataset::Dataset(const std::vector<std::string>& header, const FeatureOptions& options)
    : m_label_name(options.label), m_header(header), m_drop_reasons(header.size()) {
  for (const std::string& value : options.null_values) {
    m_null_values.emplace_back(text::trim(value));
  }
  if (!options.label.empty()) {
    check_names(header, {options.label}, "--label");
    m_label_column =
        static_cast<std::size_t>(std::find(header.begin(), header.end(), options.label) - header.begin());
  }
  check_names(header, options.features, "--features");
  check_names(header, options.exclude, "--exclude");
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string& name = header[i];
    std::string reason;
    if (name == options.label) {
      reason = "the label";
    } else if (contains(options.outcome_columns, name)) {
      reason = "carries the outcome";
    } else if (std::find(k_identity_columns.begin(), k_identity_columns.end(), name) !=
               k_identity_columns.end()) {
      reason = "identifies a lead";
    } else if (contains(options.exclude, name)) {
      reason = "excluded (--exclude)";
    } else if (!options.features.empty() && !contains(options.features, name)) {
      reason = "not in --features";
    } else if (std::find(header.begin(), header.begin() + static_cast<std::ptrdiff_t>(i), name) !=
               header.begin() + static_cast<std::ptrdiff_t>(i)) {
      reason = "a second column of this name";
    }
    if (!reason.empty()) {
      m_drop_reasons[i] = std::move(reason);
      continue;
    }
    m_columns.push_back({name, i, {}, {0}});
  }
  m_dictionaries.resize(m_columns.size());
}

bool Dataset::is_null(std::string_view cell) const {
  for (const std::string& value : m_null_values) {
    if (cell.size() == value.size() &&
        std::equal(cell.begin(), cell.end(), value.begin(), [](char a, char b) {
          return text::ascii_lower_char(a) == text::ascii_lower_char(b);
        })) {
      return true;
    }
  }
  return cell.empty();
}

void Dataset::add(std::span<const std::string_view> fields, std::optional<bool> label) {
  if (!label) {
    ++m_unlabelled;
    return;
  }
  m_labels.push_back(*label ? 1 : 0);
  m_positives += *label ? 1 : 0;
  for (std::size_t c = 0; c < m_columns.size(); ++c) {
    Column& column = m_columns[c];
    const std::string_view cell =
        column.source < fields.size() ? text::trim(fields[column.source]) : std::string_view();
    std::uint32_t code = 0;
    if (!is_null(cell)) {
      auto& dictionary = m_dictionaries[c];
      auto found = dictionary.find(cell);
      if (found == dictionary.end()) {
        column.values.emplace_back(cell);
        column.counts.push_back(0);
        found = dictionary.emplace(std::string(cell), static_cast<std::uint32_t>(column.values.size())).first;
      }
      code = found->second;
    }
    ++column.counts[code];
    m_codes.push_back(code);
  }
}

void Dataset::add(std::span<const std::string_view> fields) {
  std::optional<bool> label;
  if (m_label_column && *m_label_column < fields.size()) {
    label = label_from_text(fields[*m_label_column]);
  }
  add(fields, label);
}

} // namespace leads::model
