#include <leads/render/spreadsheet.hpp>

#include <leads/csv/writer.hpp>

#include <algorithm>

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

namespace {

// "+4930123456", "-12.5", "+14155550101;ext=12": a sign, then digits (a
// decimal point, and an extension after ";ext=", allowed), and nothing else.
bool is_signed_number(std::string_view cell) {
  std::string_view rest = cell.substr(1);
  if (const std::size_t ext = rest.find(";ext="); ext != std::string_view::npos) {
    const std::string_view digits = rest.substr(ext + 5);
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
      return false;
    }
    rest = rest.substr(0, ext);
  }
  return !rest.empty() && rest.find_first_not_of("0123456789.") == std::string_view::npos &&
         rest.front() != '.' && std::count(rest.begin(), rest.end(), '.') <= 1;
}

} // namespace

bool is_formula_like(std::string_view cell) {
  if (cell.empty()) {
    return false;
  }
  switch (cell.front()) {
  case '=':
  case '@':
  case '\t':
  case '\r':
    return true;
  case '+':
  case '-':
    return !is_signed_number(cell);
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
