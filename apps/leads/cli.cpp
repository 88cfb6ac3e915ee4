// Entry point: the command table, global options, dispatch and the one place
// where errors become a message on stderr and an exit code.
#include "cli.hpp"

#include <leads/error.hpp>
#include <leads/text/did_you_mean.hpp>

#include <fmt/format.h>

#include <cstring>
#include <iostream>
#include <string_view>
#include <vector>

namespace leads::cli {

namespace {

const Command k_commands[] = {
    {"init", "create a workspace with every default written out", setup_init},
    {"import", "import CRM and form exports into the lead store (or to stdout)", setup_import},
    {"list", "print leads that match an expression, sorted and limited", setup_list},
    {"check", "validate the configuration and the store", setup_check},
};

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const auto& command : k_commands) {
    names.emplace_back(command.name);
  }
  return names;
}

// The first word that is not an option or an option's value: the command.
std::optional<std::string> first_command_word(int argc, char** argv) {
  static constexpr std::string_view k_with_value[] = {"-C", "--config", "--as-of", "--wait"};
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.empty() || arg.front() != '-' || arg == "-") {
      return std::string(arg);
    }
    for (auto option : k_with_value) {
      if (arg == option) {
        ++i;
      }
    }
  }
  return std::nullopt;
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

} // namespace

int main(int argc, char** argv) {
  std::optional<std::string> word = first_command_word(argc, argv);
  std::string command_name;
  if (word) {
    auto names = command_names();
    if (std::find(names.begin(), names.end(), *word) == names.end()) {
      print_error("", Error(ErrorKind::usage, fmt::format("unknown command '{}'{}", *word,
                                                          text::did_you_mean(*word, names)),
                            "", 0, 0, "run 'leads --help' for the list of commands"));
      return exit_code(ErrorKind::usage);
    }
    command_name = *word;
  }

  CLI::App app{"leads: lead management from the command line -- import, score, hand off and report on "
               "leads in plain CSV and YAML files.",
               "leads"};
  app.set_version_flag("--version", std::string("leads ") + LEADS_VERSION);
  app.require_subcommand(1);
  app.footer("Run 'leads COMMAND --help' for a command's options; 'man leads' for the whole story.");

  Globals globals;
  app.add_option("-C", globals.workspace_dir, "use the workspace in DIR (default: nearest leads.yaml upward)")
      ->type_name("DIR");
  app.add_option("--config", globals.config_file, "configuration for filter mode (default: built-in)")
      ->type_name("FILE");
  app.add_option("--as-of", globals.as_of, "\"now\" as UTC ISO 8601, e.g. 2026-11-27T16:15:41Z (or LEADS_NOW)")
      ->type_name("TIME");
  app.add_option("--wait", globals.wait_seconds, "seconds to wait for another run's lock (default 30)")
      ->type_name("SECONDS")
      ->check(seconds());
  app.add_flag("-q,--quiet", globals.quiet, "no summary or progress on stderr");

  std::vector<std::pair<CLI::App*, std::function<int()>>> runs;
  for (const auto& command : k_commands) {
    CLI::App* sub = app.add_subcommand(command.name, command.summary);
    sub->fallthrough();
    runs.emplace_back(sub, command.setup(*sub, globals));
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
    std::string help = command_name.empty() ? "leads --help" : "leads " + command_name + " --help";
    print_error(command_name, Error(ErrorKind::usage, e.what(), "", 0, 0, "run '" + help + "' for usage"));
    return exit_code(ErrorKind::usage);
  }

  try {
    for (auto& [sub, run] : runs) {
      if (sub->parsed()) {
        return run();
      }
    }
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
  return exit_code(ErrorKind::usage);
}

} // namespace leads::cli
