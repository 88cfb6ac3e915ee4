#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace leads::csv {

// Rows of JSON lines text (one JSON object a line, as `jq -c` and `leads
// list --format jsonl` write), for the reader: the keys of the first object
// are the columns, in their order; each object is a row. Values are kept as
// text: a string as it is, a number as it is written, true and false as
// words, null as an empty value; a key an object lacks is an empty value.
//
// What is refused, with leads::Error(data) at file:line:column: a line that
// is not JSON or not an object, a value that is an object or an array, a key
// twice in one object, and a key that the first object does not have (the
// first object names every column, as a CSV header does; the column is that
// of the key).
class JsonLines {
public:
  explicit JsonLines(std::string name);
  ~JsonLines();
  JsonLines(const JsonLines&) = delete;
  JsonLines& operator=(const JsonLines&) = delete;

  // Reads the first object (line `number` of the input): its keys become
  // header, its values the row that values() then holds.
  void read_first(std::string_view line, long number, std::vector<std::string>& header);
  // Reads a later object into values().
  void read(std::string_view line, long number);
  // The values of the last object read, one a column; valid until the next read.
  void values(std::vector<std::string_view>& fields) const;

private:
  struct Handler;
  void parse(std::string_view line, long number, bool first);

  std::string m_name;
  std::unique_ptr<Handler> m_handler;
};

// The column (1-based bytes) of the opening quote of the key at index `key`
// (0-based, in order) of the object that a line of JSON holds; 1 when the
// line holds fewer.
long json_key_column(std::string_view line, std::size_t key);

} // namespace leads::csv
