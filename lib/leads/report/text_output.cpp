#include <leads/report/layout.hpp>
#include <leads/report/outputs.hpp>

#include <leads/render/render.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace leads::report::detail {

namespace {

void append_table(std::string& out, const Table& t, bool color) {
  const std::size_t n = t.columns.size();
  std::vector<std::vector<std::string>> cells;
  cells.reserve(t.rows.size() + 1);
  cells.push_back(t.columns);
  for (const auto& row : t.rows) {
    std::vector<std::string> line;
    for (const std::string& cell : row) {
      line.push_back(render::one_line(cell));
    }
    cells.push_back(std::move(line));
  }
  std::vector<std::size_t> widths(n, 0);
  for (const auto& line : cells) {
    for (std::size_t i = 0; i < n; ++i) {
      widths[i] = std::max(widths[i], render::display_width(line[i]));
    }
  }
  if (!t.caption.empty()) {
    out += fmt::format("  {}\n", render::one_line(t.caption));
  }
  for (std::size_t l = 0; l < cells.size(); ++l) {
    std::string text = "  ";
    for (std::size_t i = 0; i < n; ++i) {
      const std::string& cell = cells[l][i];
      const std::size_t pad = widths[i] - render::display_width(cell);
      if (i > 0) {
        text += "  ";
      }
      if (t.numeric[i]) {
        text.append(pad, ' ');
        text += cell;
      } else {
        text += cell;
        if (i + 1 < n) {
          text.append(pad, ' ');
        }
      }
    }
    while (!text.empty() && text.back() == ' ') {
      text.pop_back();
    }
    if (l == 0 && color) {
      text = fmt::format("\x1b[1m{}\x1b[0m", text);
    }
    out += text + "\n";
  }
  if (!t.footer.empty()) {
    out += fmt::format("  {}\n", render::one_line(t.footer));
  }
}

// Markdown text that shows as written: HTML and the characters of emphasis,
// code, links and tables escaped; line breaks as spaces.
std::string md_escape(std::string_view text) {
  std::string out;
  for (char c : render::one_line(text)) {
    switch (c) {
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '&':
      out += "&amp;";
      break;
    case '|':
    case '\\':
    case '`':
    case '*':
    case '_':
    case '[':
    case ']':
    case '#':
    case '~':
      out += '\\';
      out += c;
      break;
    default:
      out += c;
    }
  }
  return out;
}

void append_md_table(std::string& out, const Table& t) {
  if (!t.caption.empty()) {
    out += md_escape(t.caption) + "\n\n";
  }
  out += '|';
  for (const std::string& c : t.columns) {
    out += ' ' + (c.empty() ? std::string() : md_escape(c)) + " |";
  }
  out += "\n|";
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    out += t.numeric[i] ? "---:|" : "---|";
  }
  out += '\n';
  for (const auto& row : t.rows) {
    out += '|';
    for (const std::string& cell : row) {
      out += ' ' + md_escape(cell) + " |";
    }
    out += '\n';
  }
  if (!t.footer.empty()) {
    out += fmt::format("\n{}\n", md_escape(t.footer));
  }
  out += '\n';
}

} // namespace

std::string render_table(const Report& report, const RenderOptions& options) {
  std::string out;
  const Heading h = heading(report);
  auto bold = [&](const std::string& text) {
    return options.color ? fmt::format("\x1b[1m{}\x1b[0m", text) : text;
  };
  out += bold(render::one_line(h.title)) + "\n";
  for (const std::string& line : h.lines) {
    out += render::one_line(line) + "\n";
  }
  for (const Section& s : layout(report, options.top)) {
    out += fmt::format("\n{}\n", bold(render::one_line(s.title)));
    for (std::size_t i = 0; i < s.tables.size(); ++i) {
      if (i > 0) {
        out += '\n';
      }
      append_table(out, s.tables[i], options.color);
    }
  }
  return out;
}

std::string render_md(const Report& report, const RenderOptions& options) {
  std::string out;
  const Heading h = heading(report);
  out += fmt::format("# {}\n\n", md_escape(h.title));
  for (const std::string& line : h.lines) {
    out += md_escape(line) + "\\\n";
  }
  out.resize(out.size() - 2);
  out += "\n\n";
  for (const Section& s : layout(report, options.top)) {
    out += fmt::format("## {}\n\n", md_escape(s.title));
    if (!s.intro.empty()) {
      out += md_escape(s.intro) + "\n\n";
    }
    for (const Table& t : s.tables) {
      append_md_table(out, t);
    }
  }
  out.pop_back();
  return out;
}

} // namespace leads::report::detail
