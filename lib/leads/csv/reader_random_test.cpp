// Compares the fast reader with a byte-at-a-time reference parser on random
// texts made of the bytes that matter to CSV, at several chunk sizes.
#include <leads/csv/reader.hpp>
#include <leads/error.hpp>

#include <doctest/doctest.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

struct Row {
  std::vector<std::string> fields;
  long line = 0;
  bool operator==(const Row&) const = default;
};

// The reader's rules, one byte at a time: nullopt for an unterminated quote.
std::optional<std::vector<Row>> reference_parse(const std::string& text, char delimiter) {
  std::vector<Row> rows;
  Row row;
  std::string field;
  long line = 1;
  std::size_t i = 0;
  bool field_quoted = false;
  row.line = 1;
  auto end_field = [&] {
    row.fields.push_back(field);
    field.clear();
    field_quoted = false;
  };
  bool first_quoted = false;
  auto finish_record = [&](long next_line) {
    end_field();
    const bool blank = row.fields.size() == 1 && row.fields[0].empty() && !first_quoted;
    if (!blank) {
      rows.push_back(row);
    }
    row = Row{};
    row.line = next_line;
    first_quoted = false;
  };
  bool at_field_start = true;
  while (i < text.size()) {
    const char c = text[i];
    if (at_field_start && c == '"') {
      at_field_start = false;
      field_quoted = true;
      if (row.fields.empty()) {
        first_quoted = true;
      }
      ++i;
      for (;;) {
        if (i >= text.size()) {
          return std::nullopt;
        }
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (text[i] == '\n' || (text[i] == '\r' && !(i + 1 < text.size() && text[i + 1] == '\n'))) {
          ++line;
        }
        field += text[i++];
      }
      // The tail after the closing quote, less trailing blanks.
      std::string tail;
      while (i < text.size() && text[i] != delimiter && text[i] != '\n' && text[i] != '\r') {
        tail += text[i++];
      }
      while (!tail.empty() && (tail.back() == ' ' || tail.back() == '\t')) {
        tail.pop_back();
      }
      field += tail;
      continue;
    }
    at_field_start = false;
    if (c == delimiter) {
      end_field();
      at_field_start = true;
      ++i;
    } else if (c == '\n' || c == '\r') {
      i += (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
      ++line;
      finish_record(line);
      at_field_start = true;
    } else {
      field += c;
      ++i;
    }
  }
  if (!at_field_start || !row.fields.empty() || field_quoted) {
    finish_record(line);
  }
  return rows;
}

std::optional<std::vector<Row>> reader_parse(const std::string& text, std::size_t chunk) {
  leads::csv::ReaderOptions options;
  options.delimiter = ',';
  options.header = false;
  options.ragged = leads::csv::RaggedPolicy::allow;
  options.chunk_size = chunk;
  std::vector<Row> rows;
  try {
    auto reader = leads::csv::Reader::from_string(text, options);
    leads::csv::Record record;
    while (reader->next(record)) {
      rows.push_back(Row{{record.fields.begin(), record.fields.end()}, record.line});
    }
  } catch (const leads::Error& e) {
    REQUIRE(e.message() == "unterminated quoted field");
    return std::nullopt;
  }
  return rows;
}

} // namespace

TEST_CASE("csv::Reader against a reference parser") {
  const std::vector<std::string> pieces = {
      "a", "bc", ",", ",", "\"", "\"", "\n", "\r", "\r\n", " ", "\t", "\xC3\xA9", std::string(70, 'x')};
  std::mt19937 random(20261127);
  for (int round = 0; round < 400; ++round) {
    std::string text;
    const auto length = std::uniform_int_distribution<int>(0, 40)(random);
    for (int k = 0; k < length; ++k) {
      text += pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(random)];
    }
    CAPTURE(text);
    const auto expected = reference_parse(text, ',');
    for (std::size_t chunk :
         {std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{64}, std::size_t{1} << 20}) {
      CAPTURE(chunk);
      const auto got = reader_parse(text, chunk);
      REQUIRE(got.has_value() == expected.has_value());
      if (expected) {
        CHECK(*got == *expected);
      }
    }
  }
}
