#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leads::routing {

// One CSV sheet per rep of the leads a handoff run gave them (`leads handoff
// --out-dir`), every cell neutralized for spreadsheets (render/spreadsheet.hpp).
class RepSheets {
public:
  // header: the store's columns, the sheets' header row.
  explicit RepSheets(std::span<const std::string> header);

  // Adds a lead's row (as the store now holds it) to the rep's sheet.
  void add(std::string_view rep, std::span<const std::string_view> row);

  struct Sheet {
    std::string rep;
    std::string file_name; // sheet_file_name(rep)
    std::string text;      // CSV: the header row, then the rep's leads in the order added
  };
  // The sheets of the reps who got leads, in the order each first got one.
  const std::vector<Sheet>& sheets() const { return m_sheets; }

private:
  std::string m_header_row;
  std::vector<Sheet> m_sheets;
};

// "<rep>.csv", with what a file name cannot hold ('/', '\\', control
// characters, a leading '.') as '_': a rep's name never leaves the folder.
std::string sheet_file_name(std::string_view rep);

} // namespace leads::routing
