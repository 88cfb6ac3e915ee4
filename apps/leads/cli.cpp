// Entry point: the command table, global options, parsing, and the one place
// where errors become a message on stderr and an exit code.
#include "cli.hpp"

#include <leads/error.hpp>
#include <leads/text/did_you_mean.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <string_view>
#include <vector>

namespace leads::cli {

Parsed setup_help(CLI::App& app, const Globals& globals);

namespace {

// `leads --help` names the command in its usage line (CLI11 would say SUBCOMMAND).
class MainFormatter final : public CLI::Formatter {
public:
  std::string make_usage(const CLI::App*, std::string) const override {
    return "Usage: leads [OPTIONS] COMMAND [ARGS]...\n";
  }
};

constexpr const char* k_filter_import = "or write the leads to standard output with -o - (filter mode)";
constexpr const char* k_filter_score = "or name a lead CSV to score (FILE, or - for standard input)";
constexpr const char* k_filter_list = "or name a lead CSV to read (FILE, or - for standard input)";

const Command k_commands[] = {
    {"init", "create a workspace with every default written out", Needs::nothing, nullptr, setup_init},
    {"import", "import CRM and form exports into the lead store (or to stdout)", Needs::write,
     k_filter_import, setup_import},
    {"list", "print leads that match an expression, sorted and limited", Needs::workspace, k_filter_list,
     setup_list},
    {"score", "score leads by fit and engagement, promote MQLs, train and apply a model", Needs::write,
     k_filter_score, setup_score},
    {"handoff", "hand marketing-qualified leads to sales reps by the routing rules", Needs::write, nullptr,
     setup_handoff},
    {"move", "move leads between stages, checked against the stage graph", Needs::write, nullptr, setup_move},
    {"report", "the funnel over a period: conversion, velocity, SLA, feedback, retention", Needs::read, nullptr,
     setup_report},
    {"check", "validate the configuration and the store", Needs::read, nullptr, setup_check},
    {"config", "show the settings in effect and where each came from", Needs::settings, nullptr, setup_config},
    {"completion", "print a shell completion script (bash, zsh or fish)", Needs::nothing, nullptr,
     setup_completion},
    {"help", "show a command's manual page", Needs::nothing, nullptr, setup_help},
};

// Global options that take a value (the word after them is not the command).
constexpr std::string_view k_global_with_value[] = {"-C", "--config", "--as-of", "--wait"};

// The first word that is not an option or an option's value: the command.
std::optional<std::string> first_command_word(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.empty() || arg.front() != '-' || arg == "-") {
      return std::string(arg);
    }
    if (std::find(std::begin(k_global_with_value), std::end(k_global_with_value), arg) !=
        std::end(k_global_with_value)) {
      ++i;
    }
  }
  return std::nullopt;
}

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const Command& command : k_commands) {
    names.emplace_back(command.name);
  }
  return names;
}

void print_error(std::string_view command, const Error& error) {
  std::string prefix = command.empty() ? "leads: " : fmt::format("leads {}: ", command);
  std::string text = prefix + error.located() + "\n";
  if (!error.hint().empty()) {
    // A hint of several lines is a quoted excerpt (an expression and a caret
    // under the fault): it is shown as it is; a one-line hint says what to do.
    if (error.hint().find('\n') != std::string::npos) {
      text += error.hint() + "\n";
    } else {
      text += fmt::format("  hint: {}\n", error.hint());
    }
  }
  std::fputs(text.c_str(), stderr);
}

// The option names an app knows ("--preset", "-o"), with whether each takes a value.
void add_option_names(const CLI::App& app, std::vector<std::pair<std::string, bool>>& out) {
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_positional()) {
      continue;
    }
    const bool takes_value = option->get_items_expected_max() > 0;
    for (const std::string& name : option->get_lnames()) {
      out.emplace_back("--" + name, takes_value);
    }
    for (const std::string& name : option->get_snames()) {
      out.emplace_back("-" + name, takes_value);
    }
  }
}

// The first word of argv that looks like an option neither the command nor
// the globals know, with a did-you-mean; "" when there is none.
std::string unknown_option(int argc, char** argv, const CLI::App& app, const CLI::App* command) {
  std::vector<std::pair<std::string, bool>> known;
  add_option_names(app, known);
  if (command != nullptr) {
    add_option_names(*command, known);
  }
  std::vector<std::string> long_names; // a one-letter option is suggested nothing: any letter is one away
  for (const auto& [name, takes_value] : known) {
    if (name.starts_with("--")) {
      long_names.push_back(name);
    }
  }
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") {
      break;
    }
    if (arg.size() < 2 || arg.front() != '-') {
      continue;
    }
    // --name=value, -nVALUE and -abc (flags) name the option by their start.
    const std::string name(arg.starts_with("--") ? arg.substr(0, arg.find('=')) : arg.substr(0, 2));
    const auto found =
        std::find_if(known.begin(), known.end(), [&](const auto& k) { return k.first == name; });
    if (found == known.end()) {
      const std::string shown(arg.starts_with("--") ? name : std::string(arg));
      return fmt::format("unknown option '{}'{}", shown,
                         name.starts_with("--") ? text::did_you_mean(name, long_names) : "");
    }
    if (found->second && arg.size() == name.size()) {
      ++i; // its value, which may start with '-' (--sort -score)
    }
  }
  return {};
}

} // namespace

std::span<const Command> commands() {
  return k_commands;
}

const Command* find_command(std::string_view name) {
  for (const Command& command : k_commands) {
    if (command.name == name) {
      return &command;
    }
  }
  return nullptr;
}

std::unique_ptr<CLI::App> make_main_app(Globals& globals) {
  auto app = std::make_unique<CLI::App>(
      "leads: lead management from the command line -- import, score, hand off, move and report on leads "
      "kept in plain CSV and YAML files.",
      "leads");
  app->set_version_flag("--version", std::string("leads ") + LEADS_VERSION);
  app->formatter(std::make_shared<MainFormatter>());
  app->footer(command_list() +
              "\nRun 'leads help COMMAND' for a command's manual, 'leads COMMAND --help' for "
              "its options; 'man leads' for the whole story.");
  app->add_option("-C", globals.workspace_dir,
                  "use the workspace in DIR (default: nearest leads.yaml upward)")
      ->type_name("DIR");
  app->add_option("--config", globals.config_file,
                  "settings for filter mode (default: the workspace's leads.yaml, else built-in)")
      ->type_name("FILE");
  app->add_option("--as-of", globals.as_of,
                  "\"now\" as UTC ISO 8601, e.g. 2026-11-27T16:15:41Z (or LEADS_NOW)")
      ->type_name("TIME");
  app->add_option("--wait", globals.wait_seconds, "seconds to wait for another run's lock (default 30)")
      ->type_name("SECONDS")
      ->check(seconds());
  app->add_flag("-q,--quiet", globals.quiet, "no summary or progress on stderr");
  return app;
}

std::string global_options_footer(const Command& command) {
  return fmt::format("Global options, before or after the command: -C DIR (the workspace), --config FILE "
                     "(settings for filter mode), --as-of TIME (\"now\"), --wait SECONDS (for another run's "
                     "lock), -q (quiet). 'leads help {}' shows the manual.",
                     command.name);
}

std::string command_list() {
  std::string out = "Commands:\n";
  for (const Command& command : k_commands) {
    out += fmt::format("  {:<8}  {}\n", command.name, command.summary);
  }
  return out;
}

int main(int argc, char** argv) {
  // A write past the file size limit (ulimit -f) then fails with EFBIG and the
  // run unwinds, changing nothing, instead of the process being killed.
  std::signal(SIGXFSZ, SIG_IGN);
  std::optional<std::string> word = first_command_word(argc, argv);
  const Command* command = nullptr;
  if (word) {
    command = find_command(*word);
    if (command == nullptr) {
      print_error(
          "", Error(ErrorKind::usage,
                    fmt::format("unknown command '{}'{}", *word, text::did_you_mean(*word, command_names())),
                    "", 0, 0, "run 'leads help' for the list of commands"));
      return exit_code(ErrorKind::usage);
    }
  }
  const std::string command_name = command ? command->name : "";

  Globals globals;
  std::unique_ptr<CLI::App> main_app = make_main_app(globals);
  CLI::App& app = *main_app;
  CLI::App* sub = nullptr;
  Parsed parsed;
  if (command != nullptr) {
    sub = app.add_subcommand(command->name, command->summary);
    sub->fallthrough();
    sub->formatter(std::make_shared<CLI::Formatter>()); // the main app's names no command
    parsed = command->setup(*sub, globals);
    sub->footer(sub->get_footer() + "\n\n" + global_options_footer(*command));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string message = unknown_option(argc, argv, app, sub);
    if (message.empty()) {
      message = e.what();
    }
    const std::string help = command_name.empty() ? "leads help" : "leads " + command_name + " --help";
    print_error(command_name, Error(ErrorKind::usage, message, "", 0, 0, "run '" + help + "' for usage"));
    return exit_code(ErrorKind::usage);
  }
  if (command == nullptr) {
    // `leads` alone (or with global options only): what there is to run.
    std::fputs(app.help().c_str(), stdout);
    return 0;
  }

  try {
    return run_command(*command, parsed, globals);
  } catch (const Error& error) {
    print_error(command_name, error);
    return exit_code(error.kind());
  } catch (const std::bad_alloc&) {
    print_error(command_name, Error(ErrorKind::io, "out of memory"));
    return exit_code(ErrorKind::io);
  } catch (const std::exception& error) {
    print_error(command_name, Error(ErrorKind::io, fmt::format("internal error: {}", error.what()), "", 0, 0,
                                    "please report this with the command that caused it"));
    return 70;
  }
}

} // namespace leads::cli
