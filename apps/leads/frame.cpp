// Sets up what a command needs, once, for every command: "now", the
// settings, the workspace and its lock, and what Ctrl-C does.
#include "cli.hpp"

#include <leads/error.hpp>
#include <leads/normalize/date.hpp>
#include <leads/stop.hpp>
#include <leads/store/lock.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>

namespace leads::cli {

namespace fs = std::filesystem;

namespace {

constexpr int k_stop_signals[] = {SIGINT, SIGTERM, SIGHUP};

extern "C" void on_stop_signal(int) {
  leads::request_stop();
}

// While it lives, SIGINT, SIGTERM and SIGHUP ask the run to stop (see
// leads/stop.hpp): it unwinds and changes nothing (exit 130). A second
// signal ends the process at once (the next run then undoes what it left).
class StopOnSignals {
public:
  StopOnSignals() {
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
  ~StopOnSignals() {
    for (std::size_t i = 0; i < std::size(k_stop_signals); ++i) {
      ::sigaction(k_stop_signals[i], &m_saved[i], nullptr);
    }
  }
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

private:
  struct sigaction m_saved[3];
};

// Filter mode's settings: --config, else the workspace's leads.yaml (-C, or
// found upward), else the built-in default.
config::Config filter_settings(const Globals& globals) {
  if (globals.config_file && globals.workspace_dir) {
    throw Error(
        ErrorKind::usage, "--config and -C both name settings", "", 0, 0,
        "give --config FILE for a file of settings, or -C DIR for a workspace's leads.yaml, not both");
  }
  if (globals.config_file) {
    return config::load_file(*globals.config_file);
  }
  if (globals.workspace_dir) {
    return store::open_workspace(globals.workspace_dir).config;
  }
  if (auto root = store::find_workspace_root(fs::current_path())) {
    return config::load_file((*root / "leads.yaml").string());
  }
  return config::defaults();
}

// The workspace a command works in; --config has no say there.
store::Workspace open_workspace(const Command& command, const Globals& globals) {
  std::optional<store::Workspace> workspace;
  try {
    workspace = store::open_workspace(globals.workspace_dir);
  } catch (const Error& error) {
    // Not in a workspace: say how this command runs without one, if it can.
    if (error.kind() == ErrorKind::config && command.without_workspace != nullptr &&
        error.message().starts_with("not in a leads workspace")) {
      throw Error(error.kind(), error.message(), error.file(), error.line(), error.column(),
                  fmt::format("{}, {}", error.hint(), command.without_workspace));
    }
    throw;
  }
  if (globals.config_file) {
    throw Error(ErrorKind::usage,
                fmt::format("--config applies to filter mode; this run uses the workspace's {}",
                            store::display_path(workspace->config_file)),
                "", 0, 0, "drop --config (edit that leads.yaml instead), or run in filter mode");
  }
  return std::move(*workspace);
}

} // namespace

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
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
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

int run_command(const Command& command, Parsed& parsed, const Globals& globals) {
  Context context{globals};
  context.now = globals.now();
  Needs needs = command.needs;
  if (needs != Needs::nothing && parsed.filter_mode && parsed.filter_mode()) {
    needs = Needs::settings;
  }
  context.read_only = parsed.dry_run && parsed.dry_run();
  if (parsed.prepare) {
    parsed.prepare();
  }
  // Ctrl-C: a run that writes stops and changes nothing; one that only reads
  // ends at once, as any reader does, unless it polls for the request.
  std::optional<StopOnSignals> stop_on_signals;
  if (command.needs == Needs::write || parsed.stops_on_signal) {
    stop_on_signals.emplace();
  }

  std::optional<config::Config> settings;
  std::optional<store::Workspace> workspace;
  std::optional<store::WorkspaceLock> lock;
  try {
    if (needs == Needs::settings) {
      settings = filter_settings(globals);
      context.config = &*settings;
    } else if (needs != Needs::nothing) {
      workspace = open_workspace(command, globals);
      context.workspace = &*workspace;
      context.config = &workspace->config;
    }
  } catch (const Error& error) {
    if (parsed.on_setup_error) {
      parsed.on_setup_error(error);
    }
    throw;
  }
  if (needs == Needs::read || needs == Needs::write) {
    // A run that only reads takes the shared lock: it runs in a workspace it
    // cannot write, and waits only for a run that writes.
    const bool writes = needs == Needs::write && !context.read_only;
    lock.emplace(workspace->data_dir(), globals.wait_seconds,
                 writes ? store::WorkspaceLock::Access::write : store::WorkspaceLock::Access::read);
  }
  return parsed.run(context);
}

} // namespace leads::cli
