#include <leads/csv/json_lines.hpp>

#include <leads/error.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <unordered_map>

namespace leads::csv {

namespace {

using Json = nlohmann::json;

constexpr const char* k_one_object_a_line =
    "each line must hold one JSON object, such as {\"email\": \"ana@example.com\"} (as jq -c writes them)";

// nlohmann's message without its prefix ("[json.exception.parse_error.101]
// parse error at line 1, column 6: "), which tells what our own location does.
std::string syntax_message(std::string_view what) {
  if (const auto column = what.find(", column "); column != std::string_view::npos) {
    if (const auto colon = what.find(": ", column); colon != std::string_view::npos) {
      what.remove_prefix(colon + 2);
    }
  }
  return fmt::format("not valid JSON: {}", what);
}

} // namespace

// What nlohmann's SAX parser calls for one line: fills the values, or stops
// at the first thing the line may not hold (problem says what).
struct JsonLines::Handler {
  enum class Problem { none, syntax, not_object, nested, unknown_key, duplicate_key };

  std::vector<std::string> columns;
  std::unordered_map<std::string, std::size_t> index; // of columns
  std::vector<std::string> values;
  std::vector<long> seen; // the object in which each column last had a value
  long object = 0;        // objects read
  long first_line = 0;
  bool first = false;
  int depth = 0;
  std::size_t keys = 0;   // keys of the line's object so far
  std::size_t column = 0; // where the value to come goes

  Problem problem = Problem::none;
  std::string detail;       // the key, the kind of a nested value, or nlohmann's message
  std::size_t position = 0; // of a syntax error (the last byte read, from 1)

  void start(bool first_object) {
    first = first_object;
    ++object;
    depth = 0;
    keys = 0;
    problem = Problem::none;
    for (std::string& value : values) {
      value.clear();
    }
  }

  bool value(std::string_view text) {
    if (depth == 0) {
      problem = Problem::not_object;
      return false;
    }
    values[column].assign(text);
    return true;
  }
  template <typename T> bool number(T number) {
    char text[24];
    const auto end = std::to_chars(text, text + sizeof text, number).ptr;
    return value({text, static_cast<std::size_t>(end - text)});
  }
  bool nested(const char* what) {
    problem = depth == 0 ? Problem::not_object : Problem::nested;
    detail = what;
    return false;
  }

  // The SAX interface.
  bool null() { return value({}); }
  bool boolean(bool b) { return value(b ? "true" : "false"); }
  bool number_integer(Json::number_integer_t n) { return number(n); }
  bool number_unsigned(Json::number_unsigned_t n) { return number(n); }
  bool number_float(Json::number_float_t, const Json::string_t& text) { return value(text); }
  bool string(Json::string_t& text) { return value(text); }
  bool binary(Json::binary_t&) { return nested("binary data"); }
  bool start_object(std::size_t) {
    if (depth > 0) {
      return nested("an object");
    }
    depth = 1;
    return true;
  }
  bool end_object() {
    depth = 0;
    return true;
  }
  bool start_array(std::size_t) { return nested("an array"); }
  bool end_array() { return true; }
  bool key(Json::string_t& name) {
    const std::size_t at = keys++;
    if (first) {
      if (!index.emplace(name, columns.size()).second) {
        return refuse_key(Problem::duplicate_key, name);
      }
      columns.push_back(name);
      values.emplace_back();
      seen.push_back(object);
      column = columns.size() - 1;
      return true;
    }
    // Objects usually hold their keys in the first one's order.
    if (at < columns.size() && columns[at] == name) {
      column = at;
    } else if (const auto it = index.find(name); it != index.end()) {
      column = it->second;
    } else {
      return refuse_key(Problem::unknown_key, name);
    }
    if (seen[column] == object) {
      return refuse_key(Problem::duplicate_key, name);
    }
    seen[column] = object;
    return true;
  }
  bool refuse_key(Problem kind, const std::string& name) {
    problem = kind;
    detail = name;
    return false;
  }
  bool parse_error(std::size_t at, const std::string&, const nlohmann::detail::exception& error) {
    problem = Problem::syntax;
    position = at;
    detail = error.what();
    return false;
  }
};

JsonLines::JsonLines(std::string name) : m_name(std::move(name)), m_handler(std::make_unique<Handler>()) {}

JsonLines::~JsonLines() = default;

void JsonLines::read_first(std::string_view line, long number, std::vector<std::string>& header) {
  m_handler->first_line = number;
  parse(line, number, true);
  header = m_handler->columns;
}

void JsonLines::read(std::string_view line, long number) {
  parse(line, number, false);
}

void JsonLines::values(std::vector<std::string_view>& fields) const {
  fields.assign(m_handler->values.begin(), m_handler->values.end());
}

void JsonLines::parse(std::string_view line, long number, bool first) {
  Handler& h = *m_handler;
  h.start(first);
  if (Json::sax_parse(line.data(), line.data() + line.size(), &h)) {
    return;
  }
  using Problem = Handler::Problem;
  const long key_column = json_key_column(line, h.keys == 0 ? 0 : h.keys - 1);
  switch (h.problem) {
  case Problem::syntax:
    throw Error(ErrorKind::data, syntax_message(h.detail), m_name, number, static_cast<long>(h.position),
                k_one_object_a_line);
  case Problem::not_object: {
    const auto start = line.find_first_not_of(" \t\r");
    throw Error(ErrorKind::data, "not a JSON object", m_name, number,
                static_cast<long>(start == std::string_view::npos ? 1 : start + 1), k_one_object_a_line);
  }
  case Problem::nested:
    throw Error(ErrorKind::data,
                fmt::format("the value of '{}' is {}: JSON lines input takes objects of plain values",
                            h.columns.empty() ? std::string() : h.columns[h.column], h.detail),
                m_name, number, key_column,
                fmt::format("flatten it first, for instance with jq -c '.[\"{0}\"] |= tostring' (as text)",
                            h.columns.empty() ? std::string() : h.columns[h.column]));
  case Problem::duplicate_key:
    throw Error(ErrorKind::data, fmt::format("the key '{}' appears twice in the object", h.detail), m_name,
                number, key_column, "keep one of them");
  case Problem::unknown_key:
    throw Error(ErrorKind::data,
                fmt::format("the key '{}' is not in the first object (line {}), whose keys are the columns",
                            h.detail, h.first_line),
                m_name, number, key_column,
                "give the first object every key, with null where it has no value");
  case Problem::none:
    break;
  }
  throw Error(ErrorKind::data, "not valid JSON", m_name, number, 1, k_one_object_a_line);
}

long json_key_column(std::string_view line, std::size_t key) {
  int depth = 0;
  bool expect_key = false;
  std::size_t found = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"') {
      if (depth == 1 && expect_key) {
        if (found++ == key) {
          return static_cast<long>(i + 1);
        }
        expect_key = false;
      }
      for (++i; i < line.size() && line[i] != '"'; ++i) {
        i += line[i] == '\\' ? 1 : 0;
      }
    } else if (c == '{' || c == '[') {
      ++depth;
      expect_key = c == '{' && depth == 1;
    } else if (c == '}' || c == ']') {
      --depth;
    } else if (c == ',' && depth == 1) {
      expect_key = true;
    }
  }
  return 1;
}

} // namespace leads::csv
