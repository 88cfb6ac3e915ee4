#include <leads/csv/report_footer.hpp>

#include <leads/text/strings.hpp>

#include <algorithm>

namespace leads::csv {

namespace {

// A footer has a few lines (five in Salesforce's); more than this are rows.
constexpr std::size_t k_max_footer_lines = 12;

} // namespace

bool ReportFooter::is_copyright_line(std::string_view text) {
  return text::starts_with_ignoring_case(text, "copyright (c)") &&
         text.find("salesforce.com") != std::string_view::npos;
}

bool ReportFooter::hold(const Record& record) {
  const std::vector<std::string_view>& fields = record.fields;
  if (m_width < 2 || fields.empty() || m_held.size() >= k_max_footer_lines ||
      !std::all_of(fields.begin() + 1, fields.end(), [](std::string_view f) { return f.empty(); })) {
    return false;
  }
  const std::string_view text = fields.front();
  // A footer starts with the copyright line, perhaps after empty lines.
  const bool starts = text.empty() || is_copyright_line(text);
  if (m_held.empty() && !starts) {
    return false;
  }
  m_held.push_back({std::string(text), fields.size(), record.line, record.end_line});
  return true;
}

void ReportFooter::get(std::size_t i, Record& record) const {
  const Held& held = m_held[i];
  record.fields.assign(held.fields, std::string_view());
  record.fields.front() = held.text;
  record.line = held.line;
  record.end_line = held.end_line;
}

bool ReportFooter::is_footer() const {
  const auto copyright = std::find_if(m_held.begin(), m_held.end(),
                                      [](const Held& held) { return is_copyright_line(held.text); });
  return copyright != m_held.end() &&
         std::all_of(m_held.begin(), copyright, [](const Held& held) { return held.text.empty(); });
}

} // namespace leads::csv
