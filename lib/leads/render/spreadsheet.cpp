#include <leads/render/spreadsheet.hpp>

#include <leads/csv/writer.hpp>

namespace leads::render {

namespace {

template <typename Cell> void append_row_of(std::string& out, std::span<const Cell> cells) {
  std::string scratch;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    csv::append_field(out, neutralize_cell(cells[i], scratch));
  }
  out += '\n';
}

} // namespace

bool is_formula_like(std::string_view cell) {
  if (cell.empty()) {
    return false;
  }
  switch (cell.front()) {
  case '=':
  case '+':
  case '-':
  case '@':
  case '\t':
  case '\r':
    return true;
  default:
    return false;
  }
}

std::string_view neutralize_cell(std::string_view cell, std::string& scratch) {
  if (!is_formula_like(cell)) {
    return cell;
  }
  scratch.assign(1, '\'');
  scratch += cell;
  return scratch;
}

void append_sheet_row(std::string& out, std::span<const std::string_view> cells) {
  append_row_of(out, cells);
}

void append_sheet_row(std::string& out, std::span<const std::string> cells) {
  append_row_of(out, cells);
}

} // namespace leads::render
