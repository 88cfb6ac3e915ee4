#include <leads/render/json_lines.hpp>

#include <leads/csv/reader.hpp>
#include <leads/render/render.hpp>

#include <algorithm>

namespace leads::render {

std::string to_json_lines(const Array& items) {
  std::string out;
  for (const Value& item : items.items()) {
    item.append_json(out, true);
    out += '\n';
  }
  return out;
}

std::string to_json_line(const Value& value) {
  std::string out;
  value.append_json(out, true);
  out += '\n';
  return out;
}

std::string to_document(const Value& value, Format format) {
  return format == Format::yaml    ? to_yaml(value)
         : format == Format::jsonl ? to_json_line(value)
                                   : to_json(value);
}

bool is_json_number(std::string_view text) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      ++i;
    }
    return i > start;
  };
  if (i < text.size() && text[i] == '-') {
    ++i;
  }
  if (i < text.size() && text[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (!digits()) {
      return false;
    }
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      ++i;
    }
    if (!digits()) {
      return false;
    }
  }
  return i == text.size();
}

std::string table_as_json_lines(std::string_view csv, std::span<const std::string_view> numbers) {
  csv::ReaderOptions options;
  options.format = csv::InputFormat::csv;
  options.delimiter = ',';
  auto reader = csv::Reader::from_string(std::string(csv), options);
  const std::vector<std::string>& header = reader->header();
  std::vector<bool> numeric(header.size());
  for (std::size_t i = 0; i < header.size(); ++i) {
    numeric[i] = std::find(numbers.begin(), numbers.end(), header[i]) != numbers.end();
  }
  std::string out;
  csv::Record record;
  while (reader->next(record)) {
    out += '{';
    for (std::size_t i = 0; i < header.size(); ++i) {
      out += i == 0 ? "" : ", ";
      append_json_string(out, header[i]);
      out += ": ";
      const std::string_view value = record.fields[i];
      if (!numeric[i]) {
        append_json_string(out, value);
      } else if (value.empty()) {
        out += "null";
      } else if (is_json_number(value)) {
        out += value;
      } else {
        append_json_string(out, value);
      }
    }
    out += "}\n";
  }
  return out;
}

} // namespace leads::render
