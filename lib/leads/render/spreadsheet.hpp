#pragma once

#include <span>
#include <string>
#include <string_view>

namespace leads::render {

// Whether a spreadsheet would read a cell as a formula: it starts with '=',
// '+', '-', '@', a tab or a carriage return. A number, or a phone number as
// the store writes it (+4930123456, +14155550101;ext=12), starts with '+' or
// '-' but is data that runs nothing: it is no formula, so that the sheet's
// phone numbers still dial.
bool is_formula_like(std::string_view cell);

// A cell made safe for a sheet that a person opens in a spreadsheet (CSV
// injection): a formula-like cell gets a leading "'", as OWASP advises, so
// that "=HYPERLINK(...)" shows as text and runs nothing. Other cells are
// returned as they are; a changed one is a view of `scratch`. Only sheets are
// neutralized: the store keeps values as they came.
std::string_view neutralize_cell(std::string_view cell, std::string& scratch);

// Appends a CSV row of neutralized cells plus "\n".
void append_sheet_row(std::string& out, std::span<const std::string_view> cells);
void append_sheet_row(std::string& out, std::span<const std::string> cells);

} // namespace leads::render
