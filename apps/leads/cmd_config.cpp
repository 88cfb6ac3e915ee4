#include "cli.hpp"

#include <leads/config/show.hpp>
#include <leads/error.hpp>
#include <leads/normalize/date.hpp>
#include <leads/render/object.hpp>
#include <leads/store/posix_file.hpp>

#include <fmt/format.h>

#include <cstdlib>

namespace leads::cli {

namespace {

// What a run takes from outside leads.yaml: the workspace, the settings file,
// "now" and the actor, with where each came from.
std::vector<config::Setting> run_settings(const Context& context) {
  const Globals& g = context.globals;
  std::vector<config::Setting> out;
  const std::string& source = context.settings().source;
  out.push_back({"settings", source.empty() ? "(built-in)" : store::display_path(source),
                 g.config_file       ? "flag --config"
                 : source.empty()    ? "built-in: no workspace here"
                 : g.workspace_dir   ? "flag -C: the workspace's leads.yaml"
                                     : "the workspace found upward from here"});
  const char* env_now = std::getenv("LEADS_NOW");
  out.push_back({"now", normalize::format_iso(context.now),
                 g.as_of                ? "flag --as-of"
                 : env_now && *env_now ? "environment: LEADS_NOW"
                                       : "the system clock"});
  const char* env_actor = std::getenv("LEADS_ACTOR");
  out.push_back({"actor", actor_or_default(std::nullopt),
                 env_actor && *env_actor ? "environment: LEADS_ACTOR" : "the user's login name"});
  return out;
}

} // namespace

Parsed setup_config(CLI::App& app, const Globals&) {
  struct Options {
    std::string action;
    std::string format = "yaml";
  };
  auto options = std::make_shared<Options>();
  app.footer("'leads config show' prints the settings in effect: every setting of leads.yaml, the built-in "
             "default where the file leaves it out, each with where it came from (built-in, or the file and "
             "line), and what the run takes from flags and the environment (the workspace, --config, "
             "--as-of / LEADS_NOW, LEADS_ACTOR).");
  app.add_option("ACTION", options->action, "show")->required()->transform(one_of(std::vector<std::string>{"show"}));
  app.add_option("--format", options->format, "yaml (default: a leads.yaml, commented) or json")
      ->transform(format_of({render::Format::yaml, render::Format::json}));
  Parsed parsed;
  parsed.run = [options](Context& context) {
    const std::string& source = context.settings().source;
    const std::string text = source.empty() ? std::string() : store::posix::read_all(source);
    const std::string shown = source.empty() ? "" : store::display_path(source);
    const std::vector<config::Setting> run = run_settings(context);
    const auto format = *render::formats.parse(options->format);
    if (format == render::Format::yaml) {
      std::string out = "# The settings in effect, and where each came from.\n";
      for (const config::Setting& s : run) {
        out += fmt::format("# {}: {}  ({})\n", s.key, s.value, s.origin);
      }
      out += config::effective_yaml(text, shown);
      std::fputs(out.c_str(), stdout);
      return 0;
    }
    std::vector<config::Setting> all = run;
    for (config::Setting& s : config::effective_settings(text, shown)) {
      all.push_back(std::move(s));
    }
    render::Array rows = render::Array::one_per_line();
    for (const config::Setting& s : all) {
      rows.push(render::Object().set("key", s.key).set("value", s.value).set("origin", s.origin));
    }
    std::fputs(render::to_json(rows).c_str(), stdout);
    return 0;
  };
  return parsed;
}

} // namespace leads::cli
