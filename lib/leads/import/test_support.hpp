#pragma once

// Helpers shared by the import module's doctest files (not part of the library).

#include <leads/lead/fields.hpp>
#include <leads/lead/id.hpp>
#include <leads/normalize/date.hpp>
#include <leads/store/workspace.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace leads::import::testing {

namespace fs = std::filesystem;

// A fresh folder per test, removed at the end.
struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() / fmt::format("leads-import-test-{}-{}", ::getpid(), counter++);
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void write_file(const fs::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

// Every file under root with its bytes (the lock file aside).
inline std::map<std::string, std::string> snapshot(const fs::path& root) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string name = fs::relative(entry.path(), root).string();
    if (name == ".leads.lock") {
      continue;
    }
    out[name] = entry.is_regular_file() ? read_file(entry.path()) : "<dir>";
  }
  return out;
}

inline std::int64_t epoch(std::string_view iso) {
  return *normalize::parse_iso(iso);
}

inline std::string id_of(std::string_view identity) {
  return lead::format_id(lead::lead_id_for(identity));
}

// One leads.csv line: the given canonical values, then the extra columns' values.
inline std::string lead_line(const std::map<Field, std::string>& values,
                             const std::vector<std::string>& extras = {}) {
  std::string line;
  for (std::size_t i = 0; i < k_field_count; ++i) {
    const auto it = values.find(static_cast<Field>(i));
    line += i == 0 ? "" : ",";
    line += it == values.end() ? std::string() : it->second;
  }
  for (const std::string& extra : extras) {
    line += "," + extra;
  }
  return line + "\n";
}

inline std::string header_line(const std::vector<std::string>& extras = {}) {
  std::string line;
  for (std::string_view name : k_field_names) {
    line += line.empty() ? "" : ",";
    line += name;
  }
  for (const std::string& extra : extras) {
    line += "," + extra;
  }
  return line + "\n";
}

// Lines sorted by their first field (the id), as the store keeps them.
inline std::string sorted(std::vector<std::string> lines) {
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const std::string& line : lines) {
    out += line;
  }
  return out;
}

// A new workspace in dir (leads.yaml with the defaults), opened.
inline store::Workspace new_workspace(const fs::path& dir) {
  store::init_workspace(dir, false);
  return store::open_workspace(dir);
}

} // namespace leads::import::testing
