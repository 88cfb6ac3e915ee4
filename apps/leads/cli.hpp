#pragma once

#include <leads/config/config.hpp>
#include <leads/csv/reader.hpp>
#include <leads/render/render.hpp>
#include <leads/store/output.hpp>
#include <leads/store/workspace.hpp>
#include <leads/text/vocabulary.hpp>

#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

// The command frame: a table of commands that says what each needs, and one
// place (cli::main) that parses the command line, sets up what the command
// needs (settings, the workspace, its lock, signal handling), runs it, and
// turns errors into a message on stderr and an exit code.
namespace leads::cli {

// What a command needs before it runs (as git's RUN_SETUP / NEED_WORK_TREE).
enum class Needs {
  nothing,   // no settings, no workspace (init, help)
  settings,  // the configuration: --config, else the workspace's leads.yaml, else built-in
  workspace, // the workspace opened, no lock: it reads only the store, which is replaced atomically
  read,      // the workspace read under a shared lock, an unfinished change refused
  write,     // the workspace changed under the exclusive lock (a dry run: the shared one)
};

// Options every command accepts (before or after the command name).
struct Globals {
  std::optional<std::filesystem::path> workspace_dir; // -C DIR
  std::optional<std::string> config_file;             // --config FILE
  std::optional<std::string> as_of;                   // --as-of TIME
  double wait_seconds = 30;                           // --wait SECONDS
  bool quiet = false;                                 // -q, --quiet

  // "now" in epoch seconds: --as-of, else LEADS_NOW, else the clock.
  std::int64_t now() const;
};

// What the frame hands a command once it has set up what the command needs.
struct Context {
  const Globals& globals;
  std::int64_t now = 0;
  // The settings (Needs::settings and up): in workspace mode the workspace's.
  const config::Config* config = nullptr;
  // The workspace (Needs::workspace and up, not in filter mode).
  const store::Workspace* workspace = nullptr;
  // Whether this run only reads (a dry run of a command that writes).
  bool read_only = false;

  const config::Config& settings() const { return *config; }
  const store::Workspace& store() const { return *workspace; }
  bool quiet() const { return globals.quiet; }
};

// A command as its setup function leaves it once its options are declared:
// what runs it, and what decides its mode from the options given.
struct Parsed {
  // Runs the command; returns its exit code.
  std::function<int(Context&)> run;
  // Filter mode: the command works on files named on its command line and
  // needs only settings (import -o, list FILE). Unset: never.
  std::function<bool()> filter_mode;
  // A dry run of a command that writes: it takes the shared lock. Unset: never.
  std::function<bool()> dry_run;
  // Runs before any lock is taken, with nothing set up: reading standard
  // input that a pipeline feeds, so that the lock is not held while waiting
  // on the command before it. Unset: nothing.
  std::function<void()> prepare;
  // Whether Ctrl-C asks the run to stop (leads/stop.hpp) rather than ending
  // the process, for a command that polls for it (list -o). Commands that
  // write always stop so.
  bool stops_on_signal = false;
  // Called with an error of setting up (a leads.yaml that does not load)
  // before it is reported as usual (check prints it in JSON). Unset: nothing.
  std::function<void(const Error&)> on_setup_error;
};

// One entry of the command table.
struct Command {
  const char* name;
  const char* summary;
  Needs needs; // in workspace mode
  // How to run it without a workspace, for the hint after "not in a leads
  // workspace"; nullptr when it needs one.
  const char* without_workspace;
  Parsed (*setup)(CLI::App& app, const Globals& globals);
};

Parsed setup_init(CLI::App& app, const Globals& globals);
Parsed setup_import(CLI::App& app, const Globals& globals);
Parsed setup_list(CLI::App& app, const Globals& globals);
Parsed setup_check(CLI::App& app, const Globals& globals);
Parsed setup_score(CLI::App& app, const Globals& globals);
Parsed setup_move(CLI::App& app, const Globals& globals);
Parsed setup_handoff(CLI::App& app, const Globals& globals);
Parsed setup_report(CLI::App& app, const Globals& globals);
Parsed setup_completion(CLI::App& app, const Globals& globals);
Parsed setup_config(CLI::App& app, const Globals& globals);

// The command table, in the order `leads help` lists it.
std::span<const Command> commands();
const Command* find_command(std::string_view name);

int main(int argc, char** argv);

// Sets up what command needs and runs it (cli.cpp calls it after parsing).
int run_command(const Command& command, Parsed& parsed, const Globals& globals);

// The main app: the global options (bound to globals), `leads --help`'s text.
std::unique_ptr<CLI::App> make_main_app(Globals& globals);
// The footer of a command's --help that names the global options.
std::string global_options_footer(const Command& command);

// `leads help [COMMAND]`: the command's man page, or its --help text when
// `man` or the page cannot be found; without COMMAND, `leads --help`.
int show_help(const std::optional<std::string>& command);
// The list of commands with their summaries, for `leads` alone and `leads help`.
std::string command_list();

// Who a run's events name as their actor: --actor, else LEADS_ACTOR, else
// the user's login name, else "leads".
std::string actor_or_default(const std::optional<std::string>& option);

// Renders rows (a command's result) in a --format to standard output.
void print_rows(render::Format format, const std::vector<std::string>& columns,
                const std::vector<std::vector<std::string>>& rows);

// Colour and progress only on a terminal, and never with NO_COLOR or TERM=dumb.
bool color_wanted(int fd);

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

// The names of the validators that completion reads an option's values from:
// one_of() names its validator k_choices_prefix + "a,b,c"; an option of stage
// names carries stage_names().
inline constexpr std::string_view k_choices_prefix = "choices:";
inline constexpr std::string_view k_stages_validator = "stage names";
CLI::Validator stage_names();

// A value out of a closed set (--format, --merge, --preset): any case is
// taken and written back as the set spells it ("JSON" -> "json"); a
// misspelt one is refused with the set and a did-you-mean.
CLI::Validator one_of(std::vector<std::string> names);
template <typename T> CLI::Validator one_of(const text::Vocabulary<T>& vocabulary) {
  return one_of(vocabulary.names());
}
// One of these --format values (render::formats spells them).
CLI::Validator format_of(std::initializer_list<render::Format> allowed);

// --input-format: auto (default: JSON lines when the first byte that is
// not white space is '{', else CSV), csv or jsonl; bound to `format`.
void add_input_format(CLI::App& app, std::string& format);
// The reader's format for an --input-format value.
csv::InputFormat input_format(const std::string& format);

// How a command reads its CSV input: -d/--delimiter, --encoding and
// --input-format (import, and list with a FILE). Gzip and zstd input is
// read as it is, whatever these say.
struct CsvInputOptions {
  std::string delimiter;
  std::string encoding = "utf8";
  std::string format = "auto";

  void add_to(CLI::App& app);
  // The reader options they give (throws a usage error for a bad -d).
  csv::ReaderOptions reader_options() const;
};

} // namespace leads::cli
