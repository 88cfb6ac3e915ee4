#include <leads/config/yaml_reader.hpp>

#include <leads/error.hpp>
#include <leads/text/did_you_mean.hpp>

#include <fmt/format.h>

#include <filesystem>

#include <algorithm>
#include <cmath>

namespace leads::config::detail {

namespace {

template <typename Range> std::string join_in(const Range& words) {
  std::string out;
  for (const auto& word : words) {
    if (!out.empty()) {
      out += ", ";
    }
    out += word;
  }
  return out;
}

const char* k_null_hint = "write a value, or quote \"null\" and \"~\" to mean that text";

} // namespace

std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
  return text::did_you_mean(word, candidates);
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  return text::did_you_mean(word, candidates);
}

std::string join(std::span<const std::string_view> words) {
  return join_in(words);
}

std::string join(const std::vector<std::string>& words) {
  return join_in(words);
}

YamlReader::YamlReader(std::string_view text, std::string source)
    : m_text(text), m_source(std::move(source)) {
  m_line_starts.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      m_line_starts.push_back(i + 1);
    }
  }
}

std::string_view YamlReader::line_text(long line0) const {
  if (line0 < 0 || static_cast<std::size_t>(line0) >= m_line_starts.size()) {
    return {};
  }
  std::size_t start = m_line_starts[static_cast<std::size_t>(line0)];
  std::size_t end = m_text.find('\n', start);
  return m_text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

Mark YamlReader::mark(const YAML::Node& node) const {
  YAML::Mark m = node.Mark();
  if (m.is_null() || m.line < 0 || m.column < 0) {
    return {};
  }
  return {m.line + 1, m.column + 1};
}

Mark YamlReader::content_mark(const YAML::Node& scalar) const {
  Mark at = mark(scalar);
  if (at.line == 0) {
    return at;
  }
  std::string_view line = line_text(at.line - 1);
  auto col0 = static_cast<std::size_t>(at.column - 1);
  if (col0 >= line.size()) {
    return at;
  }
  char c = line[col0];
  if (c == '\'' || c == '"') {
    return {at.line, at.column + 1};
  }
  if (c == '|' || c == '>') {
    for (long l = at.line; static_cast<std::size_t>(l) < m_line_starts.size(); ++l) {
      std::string_view next = line_text(l);
      std::size_t first = next.find_first_not_of(" \t\r");
      if (first != std::string_view::npos) {
        return {l + 1, static_cast<long>(first) + 1};
      }
    }
  }
  return at;
}

namespace {

// How many bytes of decoded text a double-quoted YAML escape (at the
// backslash of `escape`) makes, and how many source bytes it takes.
std::pair<std::size_t, std::size_t> escape_size(std::string_view escape) {
  if (escape.size() < 2) {
    return {0, escape.size()};
  }
  auto utf8_size = [](unsigned long cp) -> std::size_t {
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  };
  auto hex = [&](std::size_t digits) -> std::pair<std::size_t, std::size_t> {
    unsigned long cp = 0;
    for (std::size_t i = 0; i < digits && 2 + i < escape.size(); ++i) {
      const char c = escape[2 + i];
      cp = cp * 16 + static_cast<unsigned long>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return {utf8_size(cp), std::min(escape.size(), 2 + digits)};
  };
  switch (escape[1]) {
  case 'x':
    return hex(2);
  case 'u':
    return hex(4);
  case 'U':
    return hex(8);
  case 'N':
  case '_':
    return {2, 2};
  case 'L':
  case 'P':
    return {3, 2};
  case '\n':
    return {0, 2}; // an escaped line break
  case '\r':
    return {0, escape.size() > 2 && escape[2] == '\n' ? 3 : 2};
  default:
    return {1, 2};
  }
}

} // namespace

std::vector<Mark> YamlReader::text_positions(const YAML::Node& scalar, std::string_view decoded) const {
  std::vector<Mark> out;
  const YAML::Mark start = scalar.Mark();
  if (start.is_null() || start.pos < 0 || static_cast<std::size_t>(start.pos) >= m_text.size()) {
    return out;
  }
  std::size_t p = static_cast<std::size_t>(start.pos);
  Mark at{start.line + 1, start.column + 1};
  auto advance = [&] {
    if (m_text[p] == '\n') {
      ++at.line;
      at.column = 1;
    } else {
      ++at.column;
    }
    ++p;
  };
  const char style = m_text[p];
  if (style == '"' || style == '\'') {
    advance();
  } else if (style == '|' || style == '>') {
    while (p < m_text.size() && m_text[p] != '\n') {
      advance(); // the header line ("|", ">-", a comment)
    }
  }
  out.reserve(decoded.size() + 1);
  for (std::size_t k = 0; k < decoded.size();) {
    if (style == '"' && p < m_text.size() && m_text[p] == '\\') {
      const auto [bytes, length] = escape_size(m_text.substr(p, 10));
      for (std::size_t i = 0; i < bytes && k < decoded.size(); ++i, ++k) {
        out.push_back(at);
      }
      for (std::size_t i = 0; i < length && p < m_text.size(); ++i) {
        advance();
      }
      continue;
    }
    // Anything else in the text is in the file as it is, after what the
    // scalar's style leaves out (indentation, folded line breaks, a doubled quote).
    while (p < m_text.size() && m_text[p] != decoded[k]) {
      advance();
    }
    if (p >= m_text.size()) {
      out.resize(decoded.size() + 1, out.empty() ? at : out.back());
      return out;
    }
    out.push_back(at);
    advance();
    ++k;
  }
  out.push_back(at);
  return out;
}

void YamlReader::fail(Mark at, std::string message, std::string hint) const {
  throw Error(ErrorKind::config, std::move(message), m_source, at.line, at.column, std::move(hint));
}

void YamlReader::fail(const YAML::Node& at, std::string message, std::string hint) const {
  fail(mark(at), std::move(message), std::move(hint));
}

void YamlReader::fail(const Entry& at, std::string message, std::string hint) const {
  bool use_key = at.value.IsNull() || mark(at.value).line == 0;
  fail(mark(use_key ? at.key_node : at.value), std::move(message), std::move(hint));
}

std::vector<Entry> YamlReader::entries(const YAML::Node& node, const std::string& path,
                                       std::initializer_list<std::string_view> allowed) const {
  std::vector<Entry> out = named_entries(node, path);
  std::span<const std::string_view> keys(allowed.begin(), allowed.size());
  for (const Entry& entry : out) {
    if (std::find(keys.begin(), keys.end(), entry.key) == keys.end()) {
      std::string where = path.empty() ? std::string() : " in " + path;
      fail(entry.key_node,
           fmt::format("unknown key '{}'{}{}", entry.key, where, did_you_mean(entry.key, keys)),
           fmt::format("valid keys{}: {}", where, join(keys)));
    }
  }
  return out;
}

std::vector<Entry> YamlReader::named_entries(const YAML::Node& node, const std::string& path) const {
  std::vector<Entry> out;
  if (node.IsNull()) {
    return out;
  }
  if (!node.IsMap()) {
    fail(node,
         fmt::format("{} must be a mapping of 'key: value' settings",
                     path.empty() ? std::filesystem::path(m_source).filename().string() : path));
  }
  for (const auto& pair : node) {
    if (!pair.first.IsScalar()) {
      fail(pair.first,
           fmt::format("{} has a key that is not a plain name", path.empty() ? "leads.yaml" : path));
    }
    Entry entry{pair.first.Scalar(), pair.first, pair.second,
                path.empty() ? pair.first.Scalar() : path + "." + pair.first.Scalar()};
    for (const Entry& seen : out) {
      if (seen.key == entry.key) {
        fail(entry.key_node,
             fmt::format("duplicate key '{}' (first given on line {})", entry.key, mark(seen.key_node).line),
             "give each key once");
      }
    }
    out.push_back(std::move(entry));
  }
  return out;
}

std::vector<YAML::Node> YamlReader::items(const YAML::Node& node, const std::string& path,
                                          std::string_view what) const {
  std::vector<YAML::Node> out;
  if (node.IsNull()) {
    return out;
  }
  if (!node.IsSequence()) {
    fail(node, fmt::format("{} must be {}", path, what),
         "write a list as [a, b] or as lines starting with '- '");
  }
  for (const auto& item : node) {
    out.push_back(item);
  }
  return out;
}

std::string YamlReader::text(const YAML::Node& node, const std::string& path) const {
  if (node.IsNull()) {
    fail(node, fmt::format("{} needs a value", path), k_null_hint);
  }
  if (!node.IsScalar()) {
    fail(node, fmt::format("{} must be a text, not a {}", path, node.IsMap() ? "mapping" : "list"));
  }
  return node.Scalar();
}

std::string YamlReader::text(const Entry& entry) const {
  if (entry.value.IsNull()) {
    fail(entry, fmt::format("{} needs a value", entry.path), k_null_hint);
  }
  return text(entry.value, entry.path);
}

double YamlReader::number(const YAML::Node& node, const std::string& path) const {
  double value = 0;
  if (!node.IsScalar() || !YAML::convert<double>::decode(node, value) || !std::isfinite(value)) {
    fail(node, fmt::format("{} must be a number", path));
  }
  return value;
}

double YamlReader::number(const Entry& entry) const {
  if (entry.value.IsNull()) {
    fail(entry, fmt::format("{} must be a number", entry.path));
  }
  return number(entry.value, entry.path);
}

long YamlReader::integer(const Entry& entry) const {
  long value = 0;
  if (!entry.value.IsScalar() || !YAML::convert<long>::decode(entry.value, value)) {
    fail(entry, fmt::format("{} must be a whole number", entry.path));
  }
  return value;
}

bool YamlReader::boolean(const Entry& entry) const {
  bool value = false;
  if (!entry.value.IsScalar() || !YAML::convert<bool>::decode(entry.value, value)) {
    fail(entry, fmt::format("{} must be true or false", entry.path));
  }
  return value;
}

std::vector<std::string> YamlReader::texts(const Entry& entry, std::string_view what) const {
  std::vector<std::string> out;
  std::vector<YAML::Node> nodes = items(entry.value, entry.path, what);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    out.push_back(text(nodes[i], fmt::format("{}[{}]", entry.path, i)));
  }
  return out;
}

} // namespace leads::config::detail
