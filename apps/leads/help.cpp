// `leads help [COMMAND]`: a command's manual page, as `git help` shows one.
#include "cli.hpp"

#include <leads/error.hpp>
#include <leads/text/did_you_mean.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <filesystem>
#include <sys/wait.h>
#include <unistd.h>

namespace leads::cli {

namespace fs = std::filesystem;

namespace {

// Topics that have a page but are no command: the overview and the language.
struct Topic {
  std::string_view name;
  std::string_view page;
};
constexpr Topic k_topics[] = {{"leads", "leads.1"}, {"expressions", "leads-expressions.7"}};

// The page file of a topic or command: "leads-import.1".
std::string page_file(std::string_view name) {
  for (const Topic& topic : k_topics) {
    if (topic.name == name) {
      return std::string(topic.page);
    }
  }
  return fmt::format("leads-{}.1", name);
}

// Where the page is: beside a build of leads (build/man/, the binary being
// build/apps/leads/leads), else where `cmake --install` put it; "" when in neither.
std::string find_page(const std::string& file) {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  std::vector<fs::path> candidates;
  if (!ec) {
    candidates.push_back(self.parent_path().parent_path().parent_path() / "man" / file);
  }
  const fs::path installed = fs::path(LEADS_MANDIR) / ("man" + file.substr(file.rfind('.') + 1)) / file;
  candidates.push_back(installed);
  candidates.push_back(fs::path(installed.string() + ".gz"));
  for (const fs::path& candidate : candidates) {
    if (fs::is_regular_file(candidate, ec)) {
      return candidate.string();
    }
  }
  return {};
}

// Runs man(1) with args and waits; its exit status, or -1 when man cannot be run.
int run_man(const std::vector<std::string>& args) {
  std::fflush(stdout);
  const pid_t pid = ::fork();
  if (pid < 0) {
    return -1;
  }
  if (pid == 0) {
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>("man"));
    for (const std::string& arg : args) {
      argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);
    ::execvp("man", argv.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return -1;
    }
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) == 127) {
    return -1;
  }
  return WEXITSTATUS(status);
}

// The command's --help text, for when there is no man to show its page.
std::string help_text(const Command& command) {
  CLI::App app{command.summary, std::string("leads ") + command.name};
  Globals globals;
  command.setup(app, globals);
  app.footer(app.get_footer() + "\n\n" + global_options_footer(command));
  return app.help();
}

} // namespace

int show_help(const std::optional<std::string>& name) {
  if (!name) {
    Globals globals;
    std::fputs(make_main_app(globals)->help().c_str(), stdout);
    return 0;
  }
  const Command* command = find_command(*name);
  const bool topic =
      std::any_of(std::begin(k_topics), std::end(k_topics), [&](const Topic& t) { return t.name == *name; });
  if (command == nullptr && !topic) {
    std::vector<std::string> names;
    for (const Command& c : commands()) {
      names.emplace_back(c.name);
    }
    for (const Topic& t : k_topics) {
      names.emplace_back(t.name);
    }
    throw Error(ErrorKind::usage,
                fmt::format("no manual for '{}'{}", *name, text::did_you_mean(*name, names)), "", 0, 0,
                "run 'leads help' for the list of commands");
  }
  const std::string file = page_file(*name);
  const std::string page = find_page(file);
  // A page beside this binary first (it matches it); else man's own search.
  const int status = run_man(page.empty() ? std::vector<std::string>{file.substr(0, file.rfind('.'))}
                                          : std::vector<std::string>{"-l", page});
  if (status == 0) {
    return 0;
  }
  if (command == nullptr) {
    throw Error(ErrorKind::no_input, fmt::format("cannot show the manual page {}", file), "", 0, 0,
                "install man (apt-get install man-db), or read man/" + std::string(*name) + ".adoc");
  }
  std::fprintf(stderr, "leads help: %s; here is 'leads %s --help'\n",
               status < 0 ? "man is not installed" : "the manual page cannot be shown", command->name);
  std::fputs(help_text(*command).c_str(), stdout);
  return 0;
}

Parsed setup_help(CLI::App& app, const Globals&) {
  auto command = std::make_shared<std::optional<std::string>>();
  app.footer("Shows a command's manual page (with man), or, where man is not installed, its --help text. "
             "'leads help expressions' shows the expression language; 'leads help' alone lists the "
             "commands.");
  app.add_option("COMMAND", *command, "the command (or 'expressions', 'leads') to show the manual of");
  Parsed parsed;
  parsed.run = [command](Context&) { return show_help(*command); };
  return parsed;
}

} // namespace leads::cli
