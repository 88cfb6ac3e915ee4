#pragma once

#include <leads/render/object.hpp>
#include <leads/render/render.hpp>

#include <span>
#include <string>
#include <string_view>

// JSON lines (`--format jsonl`) of what is not rows of a RowPrinter: one
// JSON object a line, in the style of the JSON that commands print
// (", " between items, ": " after keys), so that a line reads as an item of
// the JSON array.
namespace leads::render {

// Each item of an array on a line of its own (one_per_line() or not).
std::string to_json_lines(const Array& items);

// A value on one line (an array made with one_per_line() too), and a line break.
std::string to_json_line(const Value& value);

// The value as `--format` json, jsonl (one line) or yaml asks for it.
std::string to_document(const Value& value, Format format);

// The rows of a CSV table (its header row first), one object a line, keys
// the header's. Values are strings, but those of the columns named in
// `numbers` are written as JSON numbers when they read as one, and as null
// when empty. Throws leads::Error(data) for text that is not CSV.
std::string table_as_json_lines(std::string_view csv, std::span<const std::string_view> numbers);

// Whether text is a JSON number as written (-12, 0.5, 1e-3; not 012, .5 or 1.).
bool is_json_number(std::string_view text);

} // namespace leads::render
