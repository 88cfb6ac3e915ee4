#include "cli.hpp"

#include <leads/check/check.hpp>
#include <leads/error.hpp>
#include <leads/render/json_lines.hpp>
#include <leads/render/object.hpp>
#include <leads/render/render.hpp>

#include <fmt/format.h>

namespace leads::cli {

namespace {

// The problems of check's JSON object, for JSON lines: one a line, as in the object.
render::Array problems_of(const render::Object& report) {
  for (const auto& [key, value] : report.items()) {
    if (const render::Array* problems = value.array(); key == "problems" && problems != nullptr) {
      return *problems;
    }
  }
  return {};
}

} // namespace

Parsed setup_check(CLI::App& app, const Globals&) {
  struct Options {
    std::string format = "text";
  };
  auto options = std::make_shared<Options>();
  app.footer("Validate leads.yaml (every setting and expression) and the store (header, ids, emails, source "
             "ids, stages, timestamps, events and activities that point at leads). Prints one problem per "
             "line; exits 1 when there is any.");
  app.add_option("--format", options->format, "text (default), json, or jsonl (one problem a line)")
      ->transform(format_of({render::Format::text, render::Format::json, render::Format::jsonl}));

  Parsed parsed;
  // A leads.yaml that does not load is the first problem a monitoring script
  // must see: in JSON too, before the usual message and exit 78.
  parsed.on_setup_error = [options](const Error& error) {
    if (options->format == "json" && error.kind() == ErrorKind::config) {
      std::fputs(render::to_json(check::unloadable_config_object(error)).c_str(), stdout);
      std::fflush(stdout);
    } else if (options->format == "jsonl" && error.kind() == ErrorKind::config) {
      std::fputs(render::to_json_lines(problems_of(check::unloadable_config_object(error))).c_str(), stdout);
      std::fflush(stdout);
    }
  };
  parsed.run = [options](Context& context) {
    const check::Report report = check::check_workspace(context.store());
    const std::string out = options->format == "json" ? render::to_json(check::report_object(report))
                            : options->format == "jsonl"
                                ? render::to_json_lines(problems_of(check::report_object(report)))
                                : check::report_text(report);
    std::fputs(out.c_str(), stdout);
    if (!context.quiet()) {
      if (report.problems.empty()) {
        fmt::print(stderr, "leads check: ok ({} leads, {} events, {} activities)\n", report.leads,
                   report.events, report.activities);
      } else {
        fmt::print(stderr, "leads check: {} problem{} found\n", report.problems.size(),
                   report.problems.size() == 1 ? "" : "s");
      }
    }
    return report.problems.empty() ? 0 : 1;
  };
  return parsed;
}

} // namespace leads::cli
