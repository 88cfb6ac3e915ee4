#include "cli.hpp"

#include <leads/check/check.hpp>
#include <leads/error.hpp>
#include <leads/render/render.hpp>
#include <leads/store/lock.hpp>

#include <fmt/format.h>

#include <optional>

namespace leads::cli {
namespace {

void append_json_problem(std::string& out, const std::string& file, long line, long column,
                         const std::string& message) {
  out += "{\"file\": ";
  render::append_json_string(out, file);
  out += fmt::format(", \"line\": {}, \"column\": {}, \"message\": ", line, column);
  render::append_json_string(out, message);
  out += "}";
}

// The report when leads.yaml cannot be loaded: nothing else was read, so the
// counts are null rather than a misleading 0.
std::string json_report_of_unloadable_config(const Error& error) {
  std::string out =
      "{\"ok\": false, \"leads\": null, \"events\": null, \"activities\": null, \"problems\": [\n  ";
  append_json_problem(out, error.file(), error.line(), error.column(), error.message());
  out += "\n]}\n";
  return out;
}

} // namespace

std::function<int()> setup_check(CLI::App& app, const Globals& globals) {
  struct Options {
    std::string format = "text";
  };
  auto options = std::make_shared<Options>();
  app.footer("Validate leads.yaml (every setting and expression) and the store (header, ids, emails, source "
             "ids, stages, "
             "timestamps, events and activities that point at leads). Prints one problem per line; exits 1 "
             "when there is any.");
  app.add_option("--format", options->format, "text (default) or json")->check(CLI::IsMember({"text", "json"}));

  return [options, &globals] {
    std::optional<store::Workspace> workspace;
    try {
      workspace = globals.workspace();
    } catch (const Error& error) {
      // A leads.yaml that does not load is the first problem a monitoring
      // script must see: in JSON too, before the usual message and exit 78.
      if (options->format == "json" && error.kind() == ErrorKind::config) {
        std::fputs(json_report_of_unloadable_config(error).c_str(), stdout);
        std::fflush(stdout);
      }
      throw;
    }
    // Under the lock, so the store and its history are read as one consistent
    // state (a shared one where the workspace is read-only).
    store::WorkspaceLock lock(workspace->data_dir(), globals.wait_seconds,
                              store::WorkspaceLock::Access::read);
    auto report = check::check_workspace(*workspace);
    std::string out;
    if (options->format == "json") {
      out += fmt::format("{{\"ok\": {}, \"leads\": {}, \"events\": {}, \"activities\": {}, \"problems\": [",
                         report.problems.empty() ? "true" : "false", report.leads, report.events, report.activities);
      for (std::size_t i = 0; i < report.problems.size(); ++i) {
        const auto& p = report.problems[i];
        out += i == 0 ? "\n  " : ",\n  ";
        append_json_problem(out, p.file, p.line, p.column, p.message);
      }
      out += report.problems.empty() ? "]}\n" : "\n]}\n";
    } else {
      for (const auto& p : report.problems) {
        out += p.file;
        if (p.line > 0) {
          out += fmt::format(":{}", p.line);
          if (p.column > 0) {
            out += fmt::format(":{}", p.column);
          }
        }
        // One problem a line, whatever a hand edit put into the values it quotes.
        out += ": " + render::one_line(p.message) + "\n";
      }
    }
    std::fputs(out.c_str(), stdout);
    if (!globals.quiet) {
      if (report.problems.empty()) {
        fmt::print(stderr, "leads check: ok ({} leads, {} events, {} activities)\n", report.leads, report.events,
                   report.activities);
      } else {
        fmt::print(stderr, "leads check: {} problem{} found\n", report.problems.size(),
                   report.problems.size() == 1 ? "" : "s");
      }
    }
    return report.problems.empty() ? 0 : 1;
  };
}

} // namespace leads::cli
