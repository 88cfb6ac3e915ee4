#pragma once

#include <leads/config/config.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace leads::store {

namespace fs = std::filesystem;

// A workspace: a folder holding leads.yaml, the store and its history.
struct Workspace {
  fs::path root;            // the folder with leads.yaml
  fs::path config_file;     // root / "leads.yaml"
  config::Config config;    // loaded from config_file

  fs::path leads_file() const;      // root / config.store (default leads.csv)
  fs::path events_file() const;     // beside the store (data_dir()): events.csv
  fs::path activities_file() const; // beside the store: activities.csv
  fs::path rejects_dir() const;     // beside the store: rejects/
  // The store's folder (a symlinked leads.csv's target's), where the history,
  // the lock and the journal of a run live: with the store, so that
  // workspaces whose leads.yaml name one store share its lock.
  fs::path data_dir() const;
};

// A path as a user would type it from the current folder: relative when it
// lies below it, absolute otherwise (never "../../x"). For messages.
std::string display_path(const fs::path& path);

// The nearest folder at or above start that holds leads.yaml, like git.
std::optional<fs::path> find_workspace_root(const fs::path& start);

// Opens the workspace named by -C DIR (dir set: must hold leads.yaml) or found
// from the current folder upwards. Throws leads::Error(config) when there is
// none ("not in a leads workspace ...; run 'leads init' or pass -C DIR") and
// the config loader's errors for a bad leads.yaml.
Workspace open_workspace(const std::optional<fs::path>& dir);

// Creates DIR (if needed) with leads.yaml (config::default_yaml()), an empty
// leads.csv, events.csv and activities.csv (header rows only) and rejects/.
// Throws leads::Error(cant_create) if DIR already holds leads.yaml and !force,
// or if anything cannot be written. Returns the files written, for the summary.
std::vector<fs::path> init_workspace(const fs::path& dir, bool force);

} // namespace leads::store
