#include <leads/render/render.hpp>
#include <leads/text/strings.hpp>

#include <fmt/format.h>
#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace leads::render {

static void append_csv_field(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') {
      out += '"';
    }
    out += c;
  }
  out += '"';
}

// Whether s starts with a C1 control character (U+0080..U+009F, in UTF-8 C2 80..C2 9F).
static bool starts_with_c1_control(std::string_view s) {
  return s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0xC2 &&
         static_cast<unsigned char>(s[1]) >= 0x80 && static_cast<unsigned char>(s[1]) <= 0x9F;
}

// The escape of the character s starts with when YAML (1.1, as most parsers
// read it) does not take it as it is: the C1 controls, among them NEL, LS
// and PS (line breaks to YAML 1.1) and the byte order mark; nullptr for any other.
static const char* yaml_escape(std::string_view s) {
  // (As \uXXXX: some parsers decode YAML's \N to a byte that is not UTF-8.)
  if (starts_with_c1_control(s)) {
    static const std::array<std::string, 32> k_c1 = [] {
      std::array<std::string, 32> escapes;
      for (unsigned i = 0; i < 32; ++i) {
        escapes[i] = fmt::format("\\u{:04X}", 0x80 + i);
      }
      return escapes;
    }();
    return k_c1[static_cast<unsigned char>(s[1]) - 0x80].c_str();
  }
  if (s.starts_with("\xE2\x80\xA8")) {
    return "\\u2028";
  }
  if (s.starts_with("\xE2\x80\xA9")) {
    return "\\u2029";
  }
  if (s.starts_with(text::k_utf8_bom)) {
    return "\\uFEFF";
  }
  return nullptr;
}

// s in double quotes with the escapes JSON and YAML share (\" \\ \n \r \t);
// other C0 controls as JSON writes them (\u00XX), or, for YAML, as \xXX, and
// then DEL and what yaml_escape() names escaped too.
static void append_double_quoted(std::string& out, std::string_view s, bool yaml) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (const char* escape = yaml ? yaml_escape(s.substr(i)) : nullptr) {
      out += escape;
      i += c == 0xC2 ? 2 : 3;
      continue;
    }
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (c < 0x20 || (yaml && c == 0x7f)) {
        out += yaml ? fmt::format("\\x{:02x}", c) : fmt::format("\\u{:04x}", c);
      } else if (c >= 0x80) {
        // UTF-8 as it is; a byte that is none (a message quoting a damaged
        // file) becomes U+FFFD, so that the document stays valid.
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                                    static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
        if (n <= 0) {
          out += "\xEF\xBF\xBD";
        } else {
          out.append(s.data() + i, static_cast<std::size_t>(n));
          i += static_cast<std::size_t>(n);
          continue;
        }
      } else {
        out += static_cast<char>(c);
      }
    }
    ++i;
  }
  out += '"';
}

void append_json_string(std::string& out, std::string_view s) {
  append_double_quoted(out, s, false);
}

// Plain scalars that YAML would read as something other than this string.
static bool yaml_needs_quotes(std::string_view s) {
  if (s.empty()) {
    return true;
  }
  static constexpr std::string_view k_special_words[] = {
      "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n", "True", "False", "Yes", "No",
      "On", "Off", "Null", "NULL", "TRUE", "FALSE", "YES", "NO", "ON", "OFF", "Y", "N",
      "<<", "=" /* YAML 1.1's merge and value keys: PyYAML refuses them plain */};
  for (auto word : k_special_words) {
    if (s == word) {
      return true;
    }
  }
  unsigned char first = static_cast<unsigned char>(s.front());
  if (std::string_view("-?:,[]{}#&*!|>'\"%@` ").find(static_cast<char>(first)) != std::string_view::npos) {
    return true;
  }
  if ((first >= '0' && first <= '9') || first == '.' || first == '+') {
    return true; // could read as a number or date
  }
  if (s.back() == ' ' || s.back() == ':') {
    return true;
  }
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos) {
    return true;
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f || yaml_escape(s.substr(i)) != nullptr) {
      return true;
    }
  }
  return false;
}

void append_yaml_scalar(std::string& out, std::string_view s) {
  if (yaml_needs_quotes(s)) {
    append_double_quoted(out, s, true);
  } else {
    out += s;
  }
}

// The columns one grapheme cluster (what a terminal draws as one character)
// takes: its first code point's width, 2 for an emoji shown as one (a ZWJ
// sequence such as a family is drawn as its first emoji; U+FE0F asks for the
// emoji form, 2 wide) and for a flag (a pair of regional indicators).
static std::size_t cluster_width(int first_width, bool emoji_form, bool flag) {
  if (emoji_form || flag) {
    return 2;
  }
  return first_width > 0 ? static_cast<std::size_t>(first_width) : 0;
}

std::size_t display_width(std::string_view s) {
  std::size_t width = 0;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  utf8proc_int32_t previous = -1; // the code point before, in this cluster
  utf8proc_int32_t state = 0;
  int first_width = 0;
  bool emoji_form = false;
  bool flag = false;
  bool in_cluster = false;
  auto is_regional_indicator = [](utf8proc_int32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; };
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) { // a byte that is no UTF-8: one column, a cluster of its own
      width += in_cluster ? cluster_width(first_width, emoji_form, flag) : 0;
      in_cluster = false;
      previous = -1;
      state = 0;
      ++width;
      ++p;
      --left;
      continue;
    }
    if (!in_cluster || utf8proc_grapheme_break_stateful(previous, cp, &state)) {
      width += in_cluster ? cluster_width(first_width, emoji_form, flag) : 0;
      in_cluster = true;
      first_width = utf8proc_charwidth(cp);
      emoji_form = false;
      flag = false;
    } else {
      emoji_form = emoji_form || cp == 0xFE0F;
      flag = flag || (is_regional_indicator(previous) && is_regional_indicator(cp));
    }
    previous = cp;
    p += n;
    left -= n;
  }
  return width + (in_cluster ? cluster_width(first_width, emoji_form, flag) : 0);
}

static std::string markdown_cell(std::string_view s);

RowPrinter::RowPrinter(Format format, std::vector<std::string> columns, Style style)
    : m_format(format == Format::text ? Format::table : format), m_columns(std::move(columns)),
      m_style(style) {
  if (m_format == Format::html) {
    throw std::logic_error("leads::render::RowPrinter: rows have no html format");
  }
}

void RowPrinter::begin(std::string& out) {
  if (m_format == Format::csv && !m_columns.empty()) { // no columns: no header line (a blank line is none)
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
      if (i > 0) {
        out += ',';
      }
      append_csv_field(out, m_columns[i]);
    }
    out += '\n';
  } else if (m_format == Format::json) {
    out += '[';
  } else if (m_format == Format::md && !m_columns.empty()) {
    std::string rule = "|";
    out += '|';
    for (const std::string& column : m_columns) {
      out += ' ' + markdown_cell(column) + " |";
      rule += " --- |";
    }
    out += '\n' + rule + '\n';
  }
}

// Table cells show one line: newlines and tabs become spaces; other control
// characters (an escape sequence in the data would recolour the terminal or
// retitle its window) show as U+FFFD.
static std::string table_cell(std::string_view s) {
  std::string cell;
  cell.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\n' || c == '\r' || c == '\t') {
      cell += ' ';
    } else if (c < 0x20 || c == 0x7f) {
      cell += "\xEF\xBF\xBD";
    } else if (starts_with_c1_control(s.substr(i))) {
      cell += "\xEF\xBF\xBD";
      ++i;
    } else {
      cell += static_cast<char>(c);
    }
  }
  return cell;
}

// A cell of a Markdown table: one line, pipes escaped.
static std::string markdown_cell(std::string_view s) {
  std::string cell;
  for (char c : table_cell(s)) {
    if (c == '|') {
      cell += '\\';
    }
    cell += c;
  }
  return cell;
}

std::string one_line(std::string_view s) {
  std::string line;
  line.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\n') {
      line += "\\n";
    } else if (c == '\r') {
      line += "\\r";
    } else if (c == '\t') {
      line += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      line += fmt::format("\\x{:02x}", c);
    } else if (starts_with_c1_control(s.substr(i))) {
      line += fmt::format("\\u{:04x}", static_cast<unsigned char>(s[i + 1]));
      ++i;
    } else {
      line += static_cast<char>(c);
    }
  }
  return line;
}

void RowPrinter::row(std::string& out, const std::vector<std::string_view>& values) {
  auto value = [&](std::size_t i) { return i < values.size() ? values[i] : std::string_view(); };
  switch (m_format) {
  case Format::csv:
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
      if (i > 0) {
        out += ',';
      }
      append_csv_field(out, value(i));
    }
    out += '\n';
    break;
  case Format::json:
    out += m_rows == 0 ? "\n  {" : ",\n  {";
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
      out += i == 0 ? "" : ", ";
      append_json_string(out, m_columns[i]);
      out += ": ";
      append_json_string(out, value(i));
    }
    out += '}';
    break;
  case Format::jsonl:
    out += '{';
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
      out += i == 0 ? "" : ", ";
      append_json_string(out, m_columns[i]);
      out += ": ";
      append_json_string(out, value(i));
    }
    out += "}\n";
    break;
  case Format::yaml:
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
      out += i == 0 ? "- " : "  ";
      append_yaml_scalar(out, m_columns[i]);
      out += ": ";
      append_yaml_scalar(out, value(i));
      out += '\n';
    }
    break;
  case Format::md:
    out += '|';
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
      out += ' ' + markdown_cell(value(i)) + " |";
    }
    out += '\n';
    break;
  case Format::table:
  case Format::text:
  case Format::html: {
    std::vector<std::string> cells;
    cells.reserve(m_columns.size());
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
      cells.push_back(table_cell(value(i)));
    }
    m_table.push_back(std::move(cells));
    break;
  }
  }
  ++m_rows;
}

void RowPrinter::end(std::string& out) {
  if (m_format == Format::json) {
    out += m_rows == 0 ? "]\n" : "\n]\n";
  } else if (m_format == Format::yaml && m_rows == 0) {
    out += "[]\n";
  } else if (m_format == Format::table) {
    std::vector<std::size_t> widths(m_columns.size());
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
      widths[i] = display_width(m_columns[i]);
      for (const auto& cells : m_table) {
        widths[i] = std::max(widths[i], display_width(cells[i]));
      }
    }
    auto line = [&](const std::vector<std::string>& cells, bool header) {
      std::string text;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) {
          text += "  ";
        }
        text += cells[i];
        if (i + 1 < cells.size()) {
          text.append(widths[i] - display_width(cells[i]), ' ');
        }
      }
      if (header && m_style.color) {
        out += "\x1b[1m" + text + "\x1b[0m\n";
      } else {
        out += text + "\n";
      }
    };
    if (!m_columns.empty()) {
      line(m_columns, true);
    }
    for (const auto& cells : m_table) {
      line(cells, false);
    }
    out += fmt::format("({} {})\n", m_rows, m_rows == 1 ? "row" : "rows");
  }
}

} // namespace leads::render
