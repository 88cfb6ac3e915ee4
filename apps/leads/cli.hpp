#pragma once

#include <leads/config/config.hpp>
#include <leads/csv/reader.hpp>
#include <leads/render/render.hpp>
#include <leads/store/workspace.hpp>

#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace leads::cli {

// Options every command accepts (before or after the command name).
struct Globals {
  std::optional<std::filesystem::path> workspace_dir; // -C DIR
  std::optional<std::string> config_file;             // --config FILE
  std::optional<std::string> as_of;                   // --as-of TIME
  double wait_seconds = 30;                           // --wait SECONDS
  bool quiet = false;                                 // -q, --quiet

  // "now" in epoch seconds: --as-of, else LEADS_NOW, else the clock.
  std::int64_t now() const;
  // Filter mode configuration: --config, else the workspace's leads.yaml if
  // there is one (-C or found upward), else the built-in default.
  config::Config filter_config() const;
  store::Workspace workspace() const;
};

// One entry of the command table: its name, one line for `leads --help`, and
// a setup function that declares its options and returns what runs it.
struct Command {
  const char* name;
  const char* summary;
  std::function<int()> (*setup)(CLI::App& app, const Globals& globals);
};

std::function<int()> setup_init(CLI::App& app, const Globals& globals);
std::function<int()> setup_import(CLI::App& app, const Globals& globals);
std::function<int()> setup_list(CLI::App& app, const Globals& globals);
std::function<int()> setup_check(CLI::App& app, const Globals& globals);

int main(int argc, char** argv);

// Output of a command: stdout for "-" (or no path), else a temp file beside
// the target that replaces it only on commit(), so a failed run leaves it as it was.
class Output {
public:
  explicit Output(const std::string& path);
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void write(std::string_view bytes);
  int fd() const { return m_fd; }
  // For messages: the path given, or <stdout>.
  std::string display_name() const { return m_path.empty() || m_path == "-" ? "<stdout>" : m_path; }
  bool is_terminal() const;
  void commit();

private:
  std::string m_path;
  std::string m_temp;
  int m_fd = 1;
  bool m_owned = false; // a device or pipe opened directly
  bool m_committed = false;
};

// Colour and progress only on a terminal, and never with NO_COLOR or TERM=dumb.
bool color_wanted(int fd);

// While it lives, SIGINT, SIGTERM and SIGHUP ask the run to stop (see
// leads/stop.hpp): it unwinds and changes nothing (exit 130). A second
// signal ends the process at once (the next run then undoes what it left).
class StopOnSignals {
public:
  StopOnSignals();
  ~StopOnSignals();
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

private:
  struct sigaction m_saved[3];
};

// A one-line progress bar on stderr, shown only on a terminal and not --quiet.
class Progress {
public:
  Progress(std::string label, bool enabled);
  ~Progress();
  void update(std::uint64_t done, std::uint64_t total);
  void finish();

private:
  std::string m_label;
  bool m_enabled;
  int m_last_percent = -1;
};

// Checks for options that take a count (--limit: a whole number) or seconds
// (--wait), 0 or more. A value that is neither is named in words
// ("--limit: -1 is not a count of rows ..."), where CLI11's range checks
// print their range of doubles.
CLI::Validator count_of(std::string what);
CLI::Validator seconds();

render::Format parse_format_option(const std::string& value, const char* command);

// How a command reads its CSV input: -d/--delimiter and --encoding (import,
// and list with a FILE).
struct CsvInputOptions {
  std::string delimiter;
  std::string encoding = "utf8";

  void add_to(CLI::App& app);
  // The reader options they give (throws a usage error for a bad -d).
  csv::ReaderOptions reader_options() const;
};

} // namespace leads::cli
