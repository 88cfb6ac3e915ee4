#include <leads/routing/sheets.hpp>

#include <leads/render/spreadsheet.hpp>

#include <algorithm>

namespace leads::routing {

RepSheets::RepSheets(std::span<const std::string> header) {
  render::append_sheet_row(m_header_row, header);
}

void RepSheets::add(std::string_view rep, std::span<const std::string_view> row) {
  auto it =
      std::find_if(m_sheets.begin(), m_sheets.end(), [&](const Sheet& sheet) { return sheet.rep == rep; });
  if (it == m_sheets.end()) {
    m_sheets.push_back({std::string(rep), sheet_file_name(rep), m_header_row});
    it = m_sheets.end() - 1;
  }
  render::append_sheet_row(it->text, row);
}

std::string sheet_file_name(std::string_view rep) {
  std::string name(rep);
  for (char& c : name) {
    if (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      c = '_';
    }
  }
  if (name.empty() || name.front() == '.') {
    name.insert(name.begin(), '_');
  }
  return name + ".csv";
}

} // namespace leads::routing
