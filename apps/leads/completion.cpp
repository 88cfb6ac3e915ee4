// `leads completion bash|zsh|fish`: shell completion generated from the
// command table and each command's options, so that it never drifts from
// them; `leads completion stages` lists the stage names it completes `--to` with.
#include "cli.hpp"

#include <leads/error.hpp>
#include <leads/store/workspace.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace leads::cli {

namespace {

// What completes an option's value.
struct OptionSpec {
  std::vector<std::string> names; // "--preset", "-o"
  std::string help;
  bool takes_value = false;
  std::vector<std::string> choices; // a closed set (one_of)
  bool stages = false;              // the workspace's stage names
};

struct CommandSpec {
  std::string name;
  std::string summary;
  std::vector<OptionSpec> options;
};

std::vector<std::string> split_commas(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

std::vector<OptionSpec> options_of(CLI::App& app) {
  std::vector<OptionSpec> out;
  for (CLI::Option* option : app.get_options()) {
    if (option->get_positional()) {
      continue;
    }
    OptionSpec spec;
    for (const std::string& name : option->get_lnames()) {
      spec.names.push_back("--" + name);
    }
    for (const std::string& name : option->get_snames()) {
      spec.names.push_back("-" + name);
    }
    spec.help = option->get_description();
    spec.takes_value = option->get_items_expected_max() > 0;
    for (int i = 0;; ++i) {
      try {
        const std::string name = option->get_validator(i)->get_name();
        if (name.starts_with(k_choices_prefix)) {
          spec.choices = split_commas(std::string_view(name).substr(k_choices_prefix.size()));
        } else if (name == k_stages_validator) {
          spec.stages = true;
        }
      } catch (const CLI::OptionNotFound&) {
        break;
      }
    }
    out.push_back(std::move(spec));
  }
  return out;
}

// Every command and its options, as the table declares them.
std::vector<CommandSpec> specs() {
  std::vector<CommandSpec> out;
  for (const Command& command : commands()) {
    CLI::App app{command.summary, command.name};
    Globals globals;
    command.setup(app, globals);
    out.push_back({command.name, command.summary, options_of(app)});
  }
  return out;
}

// The global options, which every command takes too (without --version).
std::vector<OptionSpec> global_specs() {
  Globals globals;
  std::vector<OptionSpec> out = options_of(*make_main_app(globals));
  std::erase_if(out, [](const OptionSpec& o) {
    return std::find(o.names.begin(), o.names.end(), "--help") != o.names.end() ||
           std::find(o.names.begin(), o.names.end(), "--version") != o.names.end();
  });
  return out;
}

std::string joined(const std::vector<std::string>& words, std::string_view separator = " ") {
  std::string out;
  for (const std::string& word : words) {
    out += (out.empty() ? "" : std::string(separator)) + word;
  }
  return out;
}

// Single-quoted for a POSIX shell.
std::string shell_quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

std::string bash_script() {
  const std::vector<CommandSpec> commands = specs();
  const std::vector<OptionSpec> globals = global_specs();
  std::vector<std::string> command_names;
  for (const CommandSpec& c : commands) {
    command_names.push_back(c.name);
  }
  auto option_words = [](const std::vector<OptionSpec>& options) {
    std::vector<std::string> words;
    for (const OptionSpec& o : options) {
      words.insert(words.end(), o.names.begin(), o.names.end());
    }
    return joined(words);
  };
  auto value_cases = [](const std::vector<OptionSpec>& options, std::string_view indent) {
    std::string out;
    for (const OptionSpec& o : options) {
      if (!o.takes_value) {
        continue;
      }
      std::string reply;
      if (!o.choices.empty()) {
        reply = fmt::format("COMPREPLY=($(compgen -W {} -- \"$cur\"))", shell_quoted(joined(o.choices)));
      } else if (o.stages) {
        reply = "COMPREPLY=($(compgen -W \"$(leads completion stages 2>/dev/null)\" -- \"$cur\"))";
      } else {
        reply = "compopt -o default; COMPREPLY=()";
      }
      out += fmt::format("{}{}) {}; return ;;\n", indent, joined(o.names, "|"), reply);
    }
    return out;
  };
  std::string out = "# bash completion for leads, from `leads completion bash`\n"
                    "_leads() {\n"
                    "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= i\n"
                    "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
                    "    case ${COMP_WORDS[i]} in\n"
                    "      -C|--config|--as-of|--wait) ((i++)) ;;\n"
                    "      -*) ;;\n"
                    "      *) cmd=${COMP_WORDS[i]}; break ;;\n"
                    "    esac\n"
                    "  done\n"
                    "  case $prev in\n";
  out += value_cases(globals, "    ");
  out += "  esac\n"
         "  if [[ -z $cmd ]]; then\n"
         "    if [[ $cur == -* ]]; then\n"
         "      COMPREPLY=($(compgen -W " +
         shell_quoted(option_words(globals)) +
         " -- \"$cur\"))\n"
         "    else\n"
         "      COMPREPLY=($(compgen -W " +
         shell_quoted(joined(command_names)) +
         " -- \"$cur\"))\n"
         "    fi\n"
         "    return\n"
         "  fi\n"
         "  case $cmd in\n";
  for (const CommandSpec& c : commands) {
    out += fmt::format("    {})\n      case $prev in\n{}      esac\n", c.name, value_cases(c.options, "        "));
    out += fmt::format("      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W {} -- \"$cur\")); return; fi\n",
                       shell_quoted(option_words(c.options) + " " + option_words(globals)));
    if (c.name == "help") {
      out += fmt::format("      COMPREPLY=($(compgen -W {} -- \"$cur\")); return ;;\n",
                         shell_quoted(joined(command_names) + " expressions leads"));
    } else {
      out += "      compopt -o default; COMPREPLY=() ;;\n";
    }
  }
  out += "  esac\n}\ncomplete -F _leads leads\n";
  return out;
}

// An option of zsh's _arguments: '(--format)--format[how to print]:format:(csv json)'.
std::string zsh_option(const OptionSpec& o) {
  std::string help = o.help.substr(0, o.help.find('('));
  for (char& c : help) {
    c = c == '[' || c == ']' || c == '\'' || c == ':' ? ' ' : c;
  }
  std::string value;
  if (o.takes_value) {
    value = !o.choices.empty() ? fmt::format(":value:({})", joined(o.choices))
            : o.stages        ? ":stage:_leads_stages"
                              : ":value:_files";
  }
  std::string out;
  for (const std::string& name : o.names) {
    out += fmt::format("    '{}[{}]{}'", name, help, value);
    out += " \\\n";
  }
  return out;
}

std::string zsh_script() {
  const std::vector<CommandSpec> commands = specs();
  const std::vector<OptionSpec> globals = global_specs();
  std::string out = "#compdef leads\n"
                    "# zsh completion for leads, from `leads completion zsh`\n"
                    "_leads_stages() {\n"
                    "  local -a stages; stages=(${(f)\"$(leads completion stages 2>/dev/null)\"})\n"
                    "  _describe stage stages\n"
                    "}\n"
                    "_leads() {\n"
                    "  local -a commands\n"
                    "  commands=(\n";
  for (const CommandSpec& c : commands) {
    out += fmt::format("    {}\n", shell_quoted(c.name + ":" + c.summary));
  }
  out += "  )\n"
         "  local cmd i\n"
         "  for ((i = 2; i < CURRENT; i++)); do\n"
         "    case ${words[i]} in\n"
         "      -C|--config|--as-of|--wait) ((i++)) ;;\n"
         "      -*) ;;\n"
         "      *) cmd=${words[i]}; break ;;\n"
         "    esac\n"
         "  done\n"
         "  if [[ -z $cmd ]]; then\n"
         "    _arguments \\\n";
  for (const OptionSpec& o : globals) {
    out += zsh_option(o);
  }
  out += "    ':command:->command' && return\n"
         "    _describe command commands\n"
         "    return\n"
         "  fi\n"
         "  case $cmd in\n";
  for (const CommandSpec& c : commands) {
    out += fmt::format("    {})\n      _arguments \\\n", c.name);
    for (const OptionSpec& o : c.options) {
      out += zsh_option(o);
    }
    for (const OptionSpec& o : globals) {
      out += zsh_option(o);
    }
    out += c.name == "help" ? "    ':command:(" + [&] {
      std::vector<std::string> names;
      for (const CommandSpec& other : commands) {
        names.push_back(other.name);
      }
      return joined(names);
    }() + " expressions leads)' ;;\n"
                            : "    '*:file:_files' ;;\n";
  }
  out += "  esac\n}\n_leads \"$@\"\n";
  return out;
}

std::string fish_option(const std::string& condition, const OptionSpec& o) {
  std::string out = "complete -c leads -n " + shell_quoted(condition);
  for (const std::string& name : o.names) {
    out += name.starts_with("--") ? " -l " + name.substr(2) : " -s " + name.substr(1);
  }
  if (o.takes_value) {
    out += !o.choices.empty() ? " -x -a " + shell_quoted(joined(o.choices))
           : o.stages        ? " -x -a '(leads completion stages 2>/dev/null)'"
                             : " -r -F";
  }
  return out + " -d " + shell_quoted(o.help.substr(0, o.help.find('('))) + "\n";
}

std::string fish_script() {
  const std::vector<CommandSpec> commands = specs();
  const std::vector<OptionSpec> globals = global_specs();
  std::vector<std::string> names;
  for (const CommandSpec& c : commands) {
    names.push_back(c.name);
  }
  std::string out = "# fish completion for leads, from `leads completion fish`\n"
                    "complete -c leads -f\n";
  for (const OptionSpec& o : globals) {
    out += fish_option("true", o);
  }
  for (const CommandSpec& c : commands) {
    out += fmt::format("complete -c leads -n '__fish_use_subcommand' -a {} -d {}\n", c.name, shell_quoted(c.summary));
    const std::string condition = "__fish_seen_subcommand_from " + c.name;
    for (const OptionSpec& o : c.options) {
      out += fish_option(condition, o);
    }
    if (c.name == "help") {
      out += fmt::format("complete -c leads -n {} -a {}\n", shell_quoted(condition), shell_quoted(joined(names) + " expressions leads"));
    } else {
      out += fmt::format("complete -c leads -n {} -F\n", shell_quoted(condition));
    }
  }
  return out;
}

// The stage names of the workspace here (-C, or found upward), else the built-in ones.
std::string stage_names(const Globals& globals) {
  config::Config settings = config::defaults();
  try {
    if (globals.workspace_dir || store::find_workspace_root(std::filesystem::current_path())) {
      settings = store::open_workspace(globals.workspace_dir).config;
    }
  } catch (const Error&) {
    // Completion says nothing of a workspace that does not load: the built-in stages.
  }
  std::string out;
  for (const config::Stage& stage : settings.stages) {
    out += stage.name + "\n";
  }
  return out;
}

} // namespace

Parsed setup_completion(CLI::App& app, const Globals& globals) {
  auto shell = std::make_shared<std::string>();
  app.footer("Prints a completion script for the shell, made from the commands and their options; the "
             "stage names of `leads move --to` come from the workspace when completing. Installed with "
             "leads, or load it yourself: source <(leads completion bash); leads completion zsh > "
             "~/.zfunc/_leads; leads completion fish > ~/.config/fish/completions/leads.fish. "
             "'leads completion stages' prints the workspace's stage names.");
  app.add_option("SHELL", *shell, "bash, zsh or fish (or stages)")
      ->required()
      ->transform(one_of(std::vector<std::string>{"bash", "zsh", "fish", "stages"}));
  Parsed parsed;
  parsed.run = [shell, &globals](Context&) {
    const std::string out = *shell == "bash"   ? bash_script()
                            : *shell == "zsh"  ? zsh_script()
                            : *shell == "fish" ? fish_script()
                                               : stage_names(globals);
    std::fputs(out.c_str(), stdout);
    return 0;
  };
  return parsed;
}

} // namespace leads::cli
