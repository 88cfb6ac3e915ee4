// Renders the funnel report of a workspace, as `leads report` will: for the
// browser check of the HTML (check-html-report) and for timing the report
// library (bench), before the command exists. Its options are those of
// `leads -C DIR --as-of TIME report ...`:
//   leads-render-report -C DIR [--as-of TIME] [--period P] [--by FIELD] [--every week|month]
//                       [--format table|csv|json|yaml|md|html] [-o FILE] [--threads N]
// --as-of defaults to LEADS_NOW, then the clock. Errors: "leads report: ..."
// on stderr and the exit code of leads::exit_code().

#include <leads/error.hpp>
#include <leads/normalize/date.hpp>
#include <leads/report/funnel.hpp>
#include <leads/report/render.hpp>
#include <leads/store/workspace.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

namespace {

std::int64_t parse_time(const std::string& text) {
  const auto at = leads::normalize::parse_iso(text);
  if (!at) {
    throw leads::Error(leads::ErrorKind::usage,
                       "--as-of takes 2026-11-27 or 2026-11-27T12:00:00Z, not '" + text + "'");
  }
  return *at;
}

} // namespace

int main(int argc, char** argv) {
  try {
    std::optional<std::filesystem::path> dir;
    std::optional<std::int64_t> now;
    std::optional<std::string> out;
    leads::report::Options options;
    leads::report::Format format = leads::report::Format::table;
    bool period_given = false;
    bool every_given = false;
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      auto value = [&]() -> std::string {
        if (i + 1 >= argc) {
          throw leads::Error(leads::ErrorKind::usage, arg + " needs a value");
        }
        return argv[++i];
      };
      if (arg == "-C") {
        dir = value();
      } else if (arg == "--as-of") {
        now = parse_time(value());
      } else if (arg == "report") {
        continue;
      } else if (arg == "--period") {
        options.period = value();
        period_given = true;
      } else if (arg == "--by") {
        options.by = value();
      } else if (arg == "--every") {
        const std::string every = value();
        const auto parsed = leads::report::parse_every(every);
        if (!parsed) {
          throw leads::Error(leads::ErrorKind::usage, "--every takes week or month, not '" + every + "'");
        }
        options.every = *parsed;
        every_given = true;
      } else if (arg == "--format") {
        const std::string name = value();
        const auto parsed = leads::report::parse_format(name);
        if (!parsed) {
          throw leads::Error(leads::ErrorKind::usage, "unknown format '" + name + "'");
        }
        format = *parsed;
      } else if (arg == "--threads") {
        options.threads = static_cast<std::size_t>(std::stoul(value()));
      } else if (arg == "-o") {
        out = value();
      } else {
        throw leads::Error(leads::ErrorKind::usage, "unknown option '" + arg + "'");
      }
    }
    if (!now) {
      if (const char* env = std::getenv("LEADS_NOW"); env != nullptr && *env != '\0') {
        now = parse_time(env);
      } else {
        now = std::chrono::duration_cast<std::chrono::seconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
      }
    }
    const leads::store::Workspace ws = leads::store::open_workspace(dir);
    if (!period_given) {
      options.period = ws.config.report.period;
    }
    if (!every_given) {
      options.every = leads::report::parse_every(ws.config.report.every).value_or(leads::report::Every::week);
    }
    options.now = *now;
    const leads::report::Report report =
        leads::report::compute(ws.config, options, ws.leads_file(), ws.events_file());
    leads::report::RenderOptions render_options;
    render_options.top = static_cast<std::size_t>(ws.config.report.top);
    const std::string text = leads::report::render(report, format, render_options);
    if (out && *out != "-") {
      std::ofstream file(*out, std::ios::binary | std::ios::trunc);
      file << text;
      if (!file.flush()) {
        throw leads::Error(leads::ErrorKind::cant_create, "cannot write " + *out);
      }
    } else {
      std::fwrite(text.data(), 1, text.size(), stdout);
    }
    return 0;
  } catch (const leads::Error& e) {
    std::cerr << "leads report: " << e.located() << "\n";
    if (!e.hint().empty()) {
      std::cerr << "  " << e.hint() << "\n";
    }
    return leads::exit_code(e.kind());
  }
}
