#include "cli.hpp"

#include <leads/check/check.hpp>
#include <leads/error.hpp>
#include <leads/render/object.hpp>
#include <leads/render/render.hpp>

#include <fmt/format.h>

namespace leads::cli {

Parsed setup_check(CLI::App& app, const Globals&) {
  struct Options {
    std::string format = "text";
  };
  auto options = std::make_shared<Options>();
  app.footer("Validate leads.yaml (every setting and expression) and the store (header, ids, emails, source "
             "ids, stages, timestamps, events and activities that point at leads). Prints one problem per "
             "line; exits 1 when there is any.");
  app.add_option("--format", options->format, "text (default) or json")
      ->transform(format_of({render::Format::text, render::Format::json}));

  Parsed parsed;
  // A leads.yaml that does not load is the first problem a monitoring script
  // must see: in JSON too, before the usual message and exit 78.
  parsed.on_setup_error = [options](const Error& error) {
    if (options->format == "json" && error.kind() == ErrorKind::config) {
      std::fputs(render::to_json(check::unloadable_config_object(error)).c_str(), stdout);
      std::fflush(stdout);
    }
  };
  parsed.run = [options](Context& context) {
    const check::Report report = check::check_workspace(context.store());
    const std::string out = options->format == "json" ? render::to_json(check::report_object(report))
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
