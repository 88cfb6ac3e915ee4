#include "cli.hpp"

#include <leads/store/workspace.hpp>

#include <fmt/format.h>

namespace leads::cli {

Parsed setup_init(CLI::App& app, const Globals& globals) {
  struct Options {
    std::optional<std::string> dir;
    bool force = false;
  };
  auto options = std::make_shared<Options>();
  app.footer("Create a workspace: leads.yaml with every built-in default written out and commented, "
             "and empty leads.csv, events.csv, activities.csv and rejects/.");
  app.add_option("DIR", options->dir, "folder to create the workspace in (default: -C DIR, else .)");
  app.add_flag("--force", options->force, "rewrite leads.yaml in an existing workspace (the store is kept)");

  Parsed parsed;
  parsed.run = [options, &globals](Context& context) {
    // Like git: `leads -C DIR init` creates the workspace in DIR.
    std::filesystem::path dir = options->dir ? std::filesystem::path(*options->dir)
                                             : globals.workspace_dir.value_or(std::filesystem::path("."));
    auto written = store::init_workspace(dir, options->force);
    if (!context.quiet()) {
      std::string names;
      for (const auto& path : written) {
        names += (names.empty() ? "" : ", ") + path.filename().string();
      }
      fmt::print(stderr, "leads init: workspace ready in {} (wrote {})\n", dir.string(), names);
    }
    return 0;
  };
  return parsed;
}

} // namespace leads::cli
