#include <leads/store/workspace.hpp>

#include <leads/error.hpp>
#include <leads/lead/fields.hpp>
#include <leads/store/posix_file.hpp>
#include <leads/store/transaction.hpp>

#include <system_error>

namespace leads::store {

namespace {

constexpr const char* k_config_name = "leads.yaml";

template <std::size_t N> std::string header_row(const std::array<std::string_view, N>& columns) {
  std::string row;
  for (std::string_view column : columns) {
    if (!row.empty()) {
      row += ',';
    }
    row += column;
  }
  row += '\n';
  return row;
}

bool is_plain_file(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

// An absolute path without "." / ".." parts or a trailing separator.
fs::path clean_absolute(const fs::path& path) {
  fs::path out = fs::absolute(path).lexically_normal();
  if (!out.has_filename() && out.has_relative_path()) {
    out = out.parent_path();
  }
  return out;
}

} // namespace

std::string display_path(const fs::path& path) {
  fs::path absolute = fs::absolute(path).lexically_normal();
  fs::path relative = absolute.lexically_relative(fs::current_path());
  if (relative.empty() || *relative.begin() == "..") {
    return absolute.string();
  }
  return relative.string();
}

namespace {

Workspace load(const fs::path& root) {
  Workspace workspace;
  workspace.root = root;
  workspace.config_file = root / k_config_name;
  // Messages name the file as the user would type it from here.
  workspace.config = config::load_file(display_path(workspace.config_file));
  return workspace;
}

// Writes a store file with its header row unless the file is already there.
void create_unless_present(const fs::path& path, std::string_view content, std::vector<fs::path>& written) {
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path, ec))) {
    return;
  }
  write_file_atomically(path, content);
  written.push_back(path);
}

} // namespace

fs::path Workspace::leads_file() const {
  fs::path store(config.store.empty() ? std::string("leads.csv") : config.store);
  return store.is_absolute() ? store : root / store;
}

fs::path Workspace::data_dir() const {
  // Where the store really is: a leads.csv that is a symlink shares the lock
  // (and the history) of the store it points to.
  return posix::through_symlink(leads_file()).parent_path();
}

fs::path Workspace::events_file() const {
  return data_dir() / "events.csv";
}

fs::path Workspace::activities_file() const {
  return data_dir() / "activities.csv";
}

fs::path Workspace::rejects_dir() const {
  return data_dir() / "rejects";
}

std::optional<fs::path> find_workspace_root(const fs::path& start) {
  fs::path folder = clean_absolute(start);
  for (;;) {
    if (is_plain_file(folder / k_config_name)) {
      return folder;
    }
    fs::path parent = folder.parent_path();
    if (parent == folder || parent.empty()) {
      return std::nullopt;
    }
    folder = std::move(parent);
  }
}

Workspace open_workspace(const std::optional<fs::path>& dir) {
  if (dir) {
    std::error_code ec;
    // No workspace there, as when the folder has no leads.yaml (exit 78).
    if (!fs::is_directory(*dir, ec)) {
      const bool exists = fs::exists(*dir, ec);
      throw Error(
          ErrorKind::config, exists ? "not a folder, so no workspace" : "no such folder, so no workspace",
          dir->string(), 0, 0,
          exists ? "pass -C the folder of a workspace (the one holding leads.yaml)"
                 : "check the path, or run 'leads init " + dir->string() + "' to create a workspace there");
    }
    if (!is_plain_file(*dir / k_config_name)) {
      throw Error(ErrorKind::config, "not a leads workspace (no leads.yaml)", dir->string(), 0, 0,
                  "run 'leads init " + dir->string() + "' to create one");
    }
    return load(clean_absolute(*dir));
  }
  std::error_code ec;
  fs::path here = fs::current_path(ec);
  if (ec) {
    throw Error(ErrorKind::io, "cannot read the current folder: " + ec.message());
  }
  std::optional<fs::path> root = find_workspace_root(here);
  if (!root) {
    throw Error(ErrorKind::config, "not in a leads workspace (no leads.yaml here or in any parent folder)",
                "", 0, 0, "run 'leads init' to create one, or pass -C DIR");
  }
  return load(*root);
}

std::vector<fs::path> init_workspace(const fs::path& dir, bool force) {
  std::error_code ec;
  const bool dir_existed = fs::exists(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) {
    throw Error(ErrorKind::cant_create, "cannot create folder: " + ec.message(), dir.string());
  }
  fs::path config_file = dir / k_config_name;
  if (!force && fs::exists(fs::symlink_status(config_file, ec))) {
    throw Error(ErrorKind::cant_create, "already a leads workspace", config_file.string(), 0, 0,
                "pass --force to overwrite leads.yaml (the store is kept)");
  }
  std::vector<fs::path> written;
  try {
    // The files sit where the workspace will look for them under the default
    // config. leads.yaml, which makes the folder a workspace, comes last: a
    // failure (a full disk) before it leaves no half-made workspace that a
    // second init would refuse, and what was made is removed again.
    Workspace fresh;
    fresh.root = dir;
    fresh.config.store = config::defaults().store;
    fs::create_directories(fresh.leads_file().parent_path(), ec);
    create_unless_present(fresh.leads_file(), header_row(k_field_names), written);
    create_unless_present(fresh.events_file(), header_row(k_event_columns), written);
    create_unless_present(fresh.activities_file(), header_row(k_activity_columns), written);
    fs::path rejects = fresh.rejects_dir();
    bool made = fs::create_directory(rejects, ec);
    if (ec) {
      throw Error(ErrorKind::cant_create, "cannot create folder: " + ec.message(), rejects.string());
    }
    if (made) {
      written.push_back(rejects);
    }
    write_file_atomically(config_file, config::default_yaml());
    written.insert(written.begin(), config_file);
  } catch (...) {
    for (auto it = written.rbegin(); it != written.rend(); ++it) {
      fs::remove(*it, ec);
    }
    if (!dir_existed) {
      fs::remove(dir, ec); // only when empty
    }
    throw;
  }
  return written;
}

} // namespace leads::store
