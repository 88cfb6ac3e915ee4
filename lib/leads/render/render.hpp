#pragma once

#include <leads/text/vocabulary.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leads::render {

// How a command prints what it outputs (`--format`): rows of data (csv,
// json, jsonl, yaml, table), summaries (text, json, yaml), reports (md, html
// too). Each command takes the ones that fit it.
enum class Format { csv, json, jsonl, yaml, table, text, md, html };
inline constexpr text::Word<Format> k_format_words[] = {
    {"csv", Format::csv},   {"json", Format::json},   {"jsonl", Format::jsonl},
    {"yaml", Format::yaml}, {"table", Format::table}, {"text", Format::text},
    {"md", Format::md},     {"html", Format::html},   {"markdown", Format::md}};
inline constexpr text::Vocabulary<Format> formats{k_format_words};

// Appends rows to `out` as a stream: begin() once, row() per row, end() once.
// JSON is an array of objects and YAML a sequence of mappings, with every
// value a string (lossless: "007" stays "007"); keys in column order. JSON
// lines (jsonl) are the same objects, one a line, each line whole as soon
// as its row() returns (nothing before or after them).
// The table format needs every row before it can size the columns, so it
// buffers until end().
class RowPrinter {
public:
  struct Style {
    bool color = false; // bold header in tables
  };

  RowPrinter(Format format, std::vector<std::string> columns, Style style);

  void begin(std::string& out);
  void row(std::string& out, const std::vector<std::string_view>& values);
  void end(std::string& out);

private:
  Format m_format;
  std::vector<std::string> m_columns;
  Style m_style;
  long m_rows = 0;
  std::vector<std::vector<std::string>> m_table; // table format only
};

// JSON string literal with escapes (quotes included).
void append_json_string(std::string& out, std::string_view s);
// A YAML scalar, plain when that reads back as the same string, else double-quoted.
void append_yaml_scalar(std::string& out, std::string_view s);
// Text for one line of a report on a terminal: line breaks, tabs and other
// control characters (C0, DEL, C1) written as escapes (\n, \t, \x1b, \u0085).
std::string one_line(std::string_view s);
// Display width of UTF-8 text in terminal columns (wide CJK = 2).
std::size_t display_width(std::string_view s);

} // namespace leads::render
