// Compares the fast reader with a byte-at-a-time reference parser on random
// texts made of the bytes that matter to CSV, at several chunk sizes.
#include <leads/csv/encoding.hpp>
#include <leads/csv/reader.hpp>
#include <leads/error.hpp>

#include <doctest/doctest.h>

#include <fmt/format.h>

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

// The errors a text can stop at.
constexpr std::string_view k_unterminated = "unterminated quoted field";
constexpr std::string_view k_swallowed = "the quoted field that starts here runs over";

// The reader's rules, one byte at a time: nullopt for an unterminated quote,
// or a quoted field that runs over a line end and has text after its closing
// quote (error says which; swallowed_at is then where that text ends). When
// ends is given, where each row's text ends (after its line end; npos for a
// last row without one) goes there, and either error ends the rows.
std::optional<std::vector<Row>> reference_parse(const std::string& text, char delimiter,
                                                std::vector<std::size_t>* ends = nullptr,
                                                std::string_view* error = nullptr,
                                                std::size_t* swallowed_at = nullptr) {
  std::vector<Row> rows;
  auto stop = [&](std::string_view why) {
    if (error != nullptr) {
      *error = why;
    }
    return ends != nullptr ? std::optional(rows) : std::nullopt;
  };
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
      if (ends != nullptr) {
        ends->push_back(i < text.size() || text.back() == '\n' || text.back() == '\r' ? i
                                                                                      : std::string::npos);
      }
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
      const long open_line = line;
      for (;;) {
        if (i >= text.size()) {
          return stop(k_unterminated);
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
      if (line != open_line && !tail.empty()) {
        if (swallowed_at != nullptr) {
          *swallowed_at = i;
        }
        return stop(k_swallowed);
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

// Line and 1-based byte column of text[at] (LF, CRLF and a lone CR end lines).
std::pair<long, long> line_and_column(const std::string& text, std::size_t at) {
  long line = 1;
  long column = 1;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && !(i + 1 < at && text[i + 1] == '\n'))) {
      ++line;
      column = 1;
    } else if (text[i] != '\r') {
      ++column;
    }
  }
  return {line, column};
}

// Options that read every record as it is: ',' apart, no header, any width.
leads::csv::ReaderOptions raw_options(std::size_t chunk) {
  leads::csv::ReaderOptions options;
  options.delimiter = ',';
  options.header = false;
  options.ragged = leads::csv::RaggedPolicy::allow;
  options.chunk_size = chunk;
  return options;
}

std::optional<std::vector<Row>> reader_parse(const std::string& text, std::size_t chunk,
                                             std::string_view& error) {
  const leads::csv::ReaderOptions options = raw_options(chunk);
  std::vector<Row> rows;
  try {
    auto reader = leads::csv::Reader::from_string(text, options);
    leads::csv::Record record;
    while (reader->next(record)) {
      rows.push_back(Row{{record.fields.begin(), record.fields.end()}, record.line});
    }
  } catch (const leads::Error& e) {
    REQUIRE((e.message() == k_unterminated || e.message().starts_with(k_swallowed)));
    error = e.message() == k_unterminated ? k_unterminated : k_swallowed;
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
    std::string_view expected_error;
    const auto expected = reference_parse(text, ',', nullptr, &expected_error);
    for (std::size_t chunk :
         {std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{64}, std::size_t{1} << 20}) {
      CAPTURE(chunk);
      std::string_view error;
      const auto got = reader_parse(text, chunk, error);
      REQUIRE(got.has_value() == expected.has_value());
      if (expected) {
        CHECK(*got == *expected);
      } else {
        CHECK(error == expected_error);
      }
    }
  }
}

TEST_CASE("csv::Reader against a reference parser, with ill-formed UTF-8") {
  const std::vector<std::string> pieces = {
      "a", "bc", ",", "\"", "\"", "\n", "\r", " ", "\xC3\xA9", "\xE2\x82\xAC", std::string(70, 'x')};
  const std::vector<std::string> ill_formed = {"\x80", "\xC3", "\xE2\x82", "\xF5\x80\x80\x80"};
  std::mt19937 random(20261128);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const auto length = std::uniform_int_distribution<int>(0, 60)(random);
    for (int k = 0; k < length; ++k) {
      text += pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(random)];
    }
    const auto at = std::uniform_int_distribution<std::size_t>(0, text.size())(random);
    text.insert(at, ill_formed[static_cast<std::size_t>(round) % ill_formed.size()]);
    CAPTURE(text);
    const leads::csv::Utf8Check check = leads::csv::check_utf8(text);
    REQUIRE(check.valid < text.size());
    const std::size_t bad = check.valid;
    // The rows that end before the bad byte come first; an unterminated quote
    // that reaches it leaves the error to the bad byte, but a field that
    // swallowed lines stops the reader first if its tail starts before it.
    std::vector<std::size_t> ends;
    std::string_view stopped;
    std::size_t swallowed_at = std::string::npos;
    const auto all = reference_parse(text, ',', &ends, &stopped, &swallowed_at);
    const bool swallowed = stopped == k_swallowed && swallowed_at < bad;
    std::vector<Row> expected;
    for (std::size_t r = 0; r < all->size() && ends[r] != std::string::npos && ends[r] <= bad; ++r) {
      expected.push_back((*all)[r]);
    }
    const auto [line, column] = line_and_column(text, bad);
    for (std::size_t chunk : {std::size_t{1}, std::size_t{3}, std::size_t{64}, std::size_t{1} << 20}) {
      CAPTURE(chunk);
      const leads::csv::ReaderOptions options = raw_options(chunk);
      std::vector<Row> rows;
      try {
        auto reader = leads::csv::Reader::from_string(text, options);
        leads::csv::Record record;
        while (reader->next(record)) {
          rows.push_back(Row{{record.fields.begin(), record.fields.end()}, record.line});
        }
        FAIL("no error");
      } catch (const leads::Error& e) {
        if (swallowed) {
          CHECK(e.message().starts_with(k_swallowed));
        } else {
          CHECK(e.message() ==
                fmt::format("invalid UTF-8 byte 0x{:02X}", static_cast<unsigned char>(text[bad])));
          CHECK(e.line() == line);
          CHECK(e.column() == column);
        }
      }
      CHECK(rows == expected);
    }
  }
}
