// What the commands' options share: value checks, colour and progress
// decisions, CSV input options.
#include "cli.hpp"

#include <leads/error.hpp>
#include <leads/lead/fields.hpp>
#include <leads/text/did_you_mean.hpp>
#include <leads/text/strings.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <pwd.h>
#include <unistd.h>

namespace leads::cli {

std::string actor_or_default(const std::optional<std::string>& option) {
  if (option && !option->empty()) {
    return *option;
  }
  if (const char* env = std::getenv("LEADS_ACTOR"); env && *env) {
    return env;
  }
  if (const passwd* user = ::getpwuid(::geteuid()); user && user->pw_name && *user->pw_name) {
    return user->pw_name;
  }
  return "leads";
}

void print_rows(render::Format format, const std::vector<std::string>& columns,
                const std::vector<std::vector<std::string>>& rows) {
  render::RowPrinter printer(format, columns, {format == render::Format::table && color_wanted(1)});
  std::string text;
  printer.begin(text);
  std::vector<std::string_view> views;
  for (const auto& row : rows) {
    views.assign(row.begin(), row.end());
    printer.row(text, views);
  }
  printer.end(text);
  store::Output out("-");
  out.write(text);
  out.commit();
}

bool color_wanted(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return ::isatty(fd) == 1 && !(no_color && *no_color) && !(term && std::strcmp(term, "dumb") == 0);
}

Progress::Progress(std::string label, bool enabled)
    : m_label(std::move(label)), m_enabled(enabled && color_wanted(2)) {}

Progress::~Progress() {
  finish();
}

void Progress::update(std::uint64_t done, std::uint64_t total) {
  if (!m_enabled || total == 0) {
    return;
  }
  int percent = static_cast<int>(done * 100 / total);
  if (percent == m_last_percent) {
    return;
  }
  m_last_percent = percent;
  constexpr int k_width = 30;
  int filled = percent * k_width / 100;
  std::string bar = fmt::format("\r{} [{}{}] {:3}%", m_label, std::string(filled, '#'),
                                std::string(k_width - filled, ' '), percent);
  std::fputs(bar.c_str(), stderr);
}

void Progress::finish() {
  if (m_enabled && m_last_percent >= 0) {
    std::fputs("\r\x1b[K", stderr);
    m_last_percent = -1;
  }
}

// The help names what these take as CLI11's NonNegativeNumber did.
constexpr const char* k_non_negative = "NONNEGATIVE";

CLI::Validator count_of(std::string what) {
  return CLI::Validator(
      [what](std::string& text) -> std::string {
        long value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
          return fmt::format("{} is not a count of {} (a whole number, 0 or more)", text, what);
        }
        return {};
      },
      k_non_negative);
}

CLI::Validator seconds() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const std::optional<double> value = parse_number(text);
        if (!value || *value < 0) {
          return fmt::format("{} is not a number of seconds (0 or more)", text);
        }
        return {};
      },
      k_non_negative);
}

CLI::Validator one_of(std::vector<std::string> names) {
  std::string listed;
  for (std::size_t i = 0; i < names.size(); ++i) {
    listed += i == 0 ? "" : i + 1 == names.size() ? " or " : ", ";
    listed += names[i];
  }
  return CLI::Validator(
      [names, listed](std::string& value) -> std::string {
        for (const std::string& name : names) {
          if (text::equals_ignoring_case(name, value)) {
            value = name;
            return {};
          }
        }
        return fmt::format("'{}' is not {}{}", value, listed, text::did_you_mean(value, names));
      },
      "", std::string(k_choices_prefix) + fmt::format("{}", fmt::join(names, ",")));
}

CLI::Validator stage_names() {
  // Checks nothing (the stages are the workspace's, known only once it is
  // open): it tells completion what the option takes.
  return CLI::Validator([](std::string&) { return std::string(); }, "", std::string(k_stages_validator));
}

CLI::Validator format_of(std::initializer_list<render::Format> allowed) {
  std::vector<std::string> names;
  for (render::Format format : allowed) {
    names.emplace_back(render::formats.name(format));
  }
  return one_of(std::move(names));
}

void CsvInputOptions::add_to(CLI::App& app) {
  app.add_option("-d,--delimiter", delimiter,
                 "force the delimiter: , ; | or tab (default: a first line sep=X, else sniffed)")
      ->type_name("CHAR");
  std::vector<std::string> names(csv::encoding_names().begin(), csv::encoding_names().end());
  app.add_option("--encoding", encoding,
                 "the input's encoding: utf8 (default), latin1, windows-1252, utf-16, utf-16le, utf-16be "
                 "(a byte order mark overrides it)")
      ->transform(one_of(std::move(names))) // the help names the usual ones; an error lists all
      ->type_name("NAME");
  add_input_format(app, format);
}

void add_input_format(CLI::App& app, std::string& format) {
  app.add_option(
         "--input-format", format,
         "csv, jsonl (one JSON object a line) or auto (default: jsonl when the input starts with '{')")
      ->transform(one_of({"auto", "csv", "jsonl"}))
      ->type_name("FORMAT");
}

csv::InputFormat input_format(const std::string& format) {
  return csv::parse_input_format(format).value_or(csv::InputFormat::automatic);
}

csv::ReaderOptions CsvInputOptions::reader_options() const {
  csv::ReaderOptions options;
  options.encoding = csv::parse_encoding(encoding).value_or(csv::Encoding::utf8);
  options.format = input_format(format);
  if (delimiter.empty()) {
    return options;
  }
  if (delimiter == "tab" || delimiter == "\\t" || delimiter == "\t") {
    options.delimiter = '\t';
  } else if (delimiter.size() == 1 && std::string_view(",;|").find(delimiter[0]) != std::string_view::npos) {
    options.delimiter = delimiter[0];
  } else {
    throw Error(ErrorKind::usage, fmt::format("-d '{}' is not a delimiter leads reads", delimiter), "", 0, 0,
                "use ',', ';', '|' or 'tab'");
  }
  return options;
}

} // namespace leads::cli
