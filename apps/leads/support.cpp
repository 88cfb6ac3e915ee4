// What every command shares: "now", configuration and workspace lookup,
// atomic output files, colour and progress decisions, CSV input options.
#include "cli.hpp"

#include <leads/error.hpp>
#include <leads/lead/fields.hpp>
#include <leads/normalize/date.hpp>
#include <leads/stop.hpp>
#include <leads/store/posix_file.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace leads::cli {

namespace fs = std::filesystem;

std::int64_t Globals::now() const {
  std::string text;
  std::string source;
  if (as_of) {
    text = *as_of;
    source = "--as-of";
  } else if (const char* env = std::getenv("LEADS_NOW"); env && *env) {
    text = env;
    source = "LEADS_NOW";
  } else {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  auto iso = normalize::timestamp(text, normalize::DateOrder::ymd);
  auto seconds = iso ? normalize::parse_iso(*iso) : std::nullopt;
  if (!seconds) {
    throw Error(ErrorKind::usage, fmt::format("{} '{}' is not a date or timestamp", source, text), "", 0, 0,
                "write it as UTC ISO 8601, e.g. 2026-11-27T16:15:41Z or 2026-11-27");
  }
  return *seconds;
}

config::Config Globals::filter_config() const {
  if (config_file) {
    return config::load_file(*config_file);
  }
  if (workspace_dir) {
    return store::open_workspace(workspace_dir).config;
  }
  if (auto root = store::find_workspace_root(fs::current_path())) {
    return config::load_file((*root / "leads.yaml").string());
  }
  return config::defaults();
}

store::Workspace Globals::workspace() const { return store::open_workspace(workspace_dir); }

Output::Output(const std::string& path) : m_path(path) {
  if (path.empty() || path == "-") {
    m_fd = 1;
    return;
  }
  fs::path target(path);
  // Devices and pipes (/dev/null, a FIFO) are written directly: there is
  // nothing to replace atomically, and renaming over them would be wrong.
  if (fs::exists(target) && !fs::is_regular_file(target)) {
    m_fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (m_fd < 0) {
      throw Error(ErrorKind::cant_create, fmt::format("cannot open: {}", std::strerror(errno)), path);
    }
    m_owned = true;
    return;
  }
  m_temp = store::posix::temp_path_for(target).string();
  m_fd = store::posix::create_temp_for(target, m_temp, 0644).release();
}

Output::~Output() {
  if (m_owned) {
    ::close(m_fd);
  }
  if (!m_temp.empty() && !m_committed) {
    ::close(m_fd);
    ::unlink(m_temp.c_str());
  }
}

void Output::write(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(m_fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      const int error = errno;
      throw Error(ErrorKind::io, fmt::format("cannot write: {}", std::strerror(error)), display_name(), 0, 0,
                  error == ENOSPC ? "free some space on its file system" : "");
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

bool Output::is_terminal() const { return ::isatty(m_fd) == 1; }

void Output::commit() {
  if (m_temp.empty() || m_committed) {
    return;
  }
  if (::fsync(m_fd) != 0 || ::close(m_fd) != 0 || std::rename(m_temp.c_str(), m_path.c_str()) != 0) {
    int saved = errno;
    ::unlink(m_temp.c_str());
    m_committed = true;
    throw Error(ErrorKind::io, fmt::format("cannot write: {}", std::strerror(saved)), m_path);
  }
  m_committed = true;
}

namespace {

constexpr int k_stop_signals[] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void on_stop_signal(int) {
  leads::request_stop();
}

} // namespace

StopOnSignals::StopOnSignals() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART | SA_RESETHAND; // a second signal: the default action
  for (std::size_t i = 0; i < std::size(k_stop_signals); ++i) {
    ::sigaction(k_stop_signals[i], &action, &m_saved[i]);
    if (m_saved[i].sa_handler == SIG_IGN) {
      // Ignored when we started (nohup, a background job of a script): stays so.
      ::sigaction(k_stop_signals[i], &m_saved[i], nullptr);
    }
  }
}

StopOnSignals::~StopOnSignals() {
  for (std::size_t i = 0; i < std::size(k_stop_signals); ++i) {
    ::sigaction(k_stop_signals[i], &m_saved[i], nullptr);
  }
}

bool color_wanted(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return ::isatty(fd) == 1 && !(no_color && *no_color) && !(term && std::strcmp(term, "dumb") == 0);
}

Progress::Progress(std::string label, bool enabled) : m_label(std::move(label)), m_enabled(enabled && color_wanted(2)) {}

Progress::~Progress() { finish(); }

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

render::Format parse_format_option(const std::string& value, const char* command) {
  auto format = render::parse_format(value);
  if (!format) {
    throw Error(ErrorKind::usage, fmt::format("unknown --format '{}' for {}", value, command), "", 0, 0,
                "use csv, json, yaml or table");
  }
  return *format;
}

void CsvInputOptions::add_to(CLI::App& app) {
  app.add_option("-d,--delimiter", delimiter,
                 "force the delimiter: , ; | or tab (default: a first line sep=X, else sniffed)")
      ->type_name("CHAR");
  std::vector<std::string> names(csv::encoding_names().begin(), csv::encoding_names().end());
  app.add_option("--encoding", encoding,
                 "the input's encoding: utf8 (default), latin1, windows-1252, utf-16, utf-16le, utf-16be "
                 "(a byte order mark overrides it)")
      ->check(CLI::IsMember(std::move(names), CLI::ignore_case)
                  .description("")) // the help names the usual ones; an error lists all
      ->type_name("NAME");
}

csv::ReaderOptions CsvInputOptions::reader_options() const {
  csv::ReaderOptions options;
  options.encoding = csv::parse_encoding(encoding).value_or(csv::Encoding::utf8);
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
