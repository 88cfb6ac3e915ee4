#include <leads/store/workspace.hpp>

#include <leads/error.hpp>

#include <doctest/doctest.h>

#include "test_files.hpp"
#include <fmt/format.h>

#include <csignal>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using leads::testing::read_file;
using leads::testing::write_file;
using leads::Error;
using leads::ErrorKind;

namespace {

// Changes the current folder for one test and back.
struct InFolder {
  fs::path saved = fs::current_path();
  explicit InFolder(const fs::path& folder) { fs::current_path(folder); }
  ~InFolder() { fs::current_path(saved); }
};

std::set<std::string> names_in(const fs::path& folder) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

constexpr std::string_view k_leads_header =
    "id,external_id,email,first_name,last_name,company,title,phone,country,city,industry,employees,website,"
    "source,campaign,stage,owner,score,fit,engagement,grade,do_not_contact,referred_by,created_at,updated_at,"
    "stage_at\n";

} // namespace

TEST_CASE("store::init_workspace") {
  leads::testing::TempDir dir;
  const fs::path ws = dir.path / "new" / "ws";

  SUBCASE("a failure half-way (a full disk) leaves nothing behind, and init can run again") {
    // In a child whose files may not grow past 1 KiB: the header rows fit,
    // leads.yaml does not (EFBIG, as ENOSPC on a full disk).
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::signal(SIGXFSZ, SIG_IGN);
      const rlimit limit{1024, 1024};
      if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) {
        ::_exit(9);
      }
      try {
        leads::store::init_workspace(ws, false);
      } catch (const leads::Error& e) {
        ::_exit(e.kind() == leads::ErrorKind::io && e.file() == (ws / "leads.yaml").string() ? 0 : 2);
      }
      ::_exit(3);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(!fs::exists(ws));              // the folder it made, gone again with what it held
    CHECK(fs::exists(ws.parent_path())); // (what create_directories made above it stays)
    leads::store::init_workspace(ws, false);
    CHECK(names_in(ws) ==
          std::set<std::string>{"leads.yaml", "leads.csv", "events.csv", "activities.csv", "rejects"});
  }

  SUBCASE("writes the layout with header rows") {
    std::vector<fs::path> written = leads::store::init_workspace(ws, false);
    CHECK(written == std::vector<fs::path>{ws / "leads.yaml", ws / "leads.csv", ws / "events.csv",
                                           ws / "activities.csv", ws / "rejects"});
    CHECK(names_in(ws) ==
          std::set<std::string>{"leads.yaml", "leads.csv", "events.csv", "activities.csv", "rejects"});
    CHECK(read_file(ws / "leads.yaml") == leads::config::default_yaml());
    CHECK(read_file(ws / "leads.csv") == k_leads_header);
    CHECK(read_file(ws / "events.csv") == "at,lead_id,kind,from,to,actor,note\n");
    CHECK(read_file(ws / "activities.csv") == "at,lead_id,type,detail,source\n");
    CHECK(fs::is_directory(ws / "rejects"));
    CHECK(fs::is_empty(ws / "rejects"));
  }

  SUBCASE("a second init is refused") {
    leads::store::init_workspace(ws, false);
    try {
      leads::store::init_workspace(ws, false);
      FAIL("init ran twice");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::cant_create);
      CHECK(e.message() == "already a leads workspace");
      CHECK(e.file() == (ws / "leads.yaml").string());
      CHECK(e.hint() == "pass --force to overwrite leads.yaml (the store is kept)");
    }
  }

  SUBCASE("--force rewrites leads.yaml and keeps the store") {
    leads::store::init_workspace(ws, false);
    write_file(ws / "leads.yaml", "store: leads.csv\n");
    write_file(ws / "leads.csv", "id,email\nL1,a@example.com\n");
    write_file(ws / "events.csv", "at\nX\n");
    std::vector<fs::path> written = leads::store::init_workspace(ws, true);
    CHECK(written == std::vector<fs::path>{ws / "leads.yaml"});
    CHECK(read_file(ws / "leads.yaml") == leads::config::default_yaml());
    CHECK(read_file(ws / "leads.csv") == "id,email\nL1,a@example.com\n");
    CHECK(read_file(ws / "events.csv") == "at\nX\n");
    CHECK(read_file(ws / "activities.csv") == "at,lead_id,type,detail,source\n");
  }

  SUBCASE("--force completes a folder that lacks store files") {
    fs::create_directories(ws);
    write_file(ws / "leads.csv", "id\n");
    std::vector<fs::path> written = leads::store::init_workspace(ws, true);
    CHECK(written ==
          std::vector<fs::path>{ws / "leads.yaml", ws / "events.csv", ws / "activities.csv", ws / "rejects"});
    CHECK(read_file(ws / "leads.csv") == "id\n");
  }

  SUBCASE("a folder that cannot be created is a cant_create error") {
    write_file(dir.path / "file", "x");
    try {
      leads::store::init_workspace(dir.path / "file" / "ws", false);
      FAIL("init below a file");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::cant_create);
      CHECK(e.file() == (dir.path / "file" / "ws").string());
    }
  }
}

TEST_CASE("store::find_workspace_root") {
  leads::testing::TempDir dir;
  const fs::path root = dir.path / "ws";
  fs::create_directories(root / "a" / "b" / "c");
  write_file(root / "leads.yaml", "");

  CHECK(leads::store::find_workspace_root(root / "a" / "b" / "c") == root);
  CHECK(leads::store::find_workspace_root(root / "a" / "b" / "c" / ".." / ".") == root);
  CHECK(leads::store::find_workspace_root(root) == root);

  SUBCASE("the nearest workspace wins") {
    write_file(root / "a" / "leads.yaml", "");
    CHECK(leads::store::find_workspace_root(root / "a" / "b" / "c") == root / "a");
  }

  SUBCASE("a folder named leads.yaml does not count") {
    fs::create_directories(root / "a" / "b" / "leads.yaml");
    CHECK(leads::store::find_workspace_root(root / "a" / "b" / "c") == root);
  }

  SUBCASE("a relative start is taken from the current folder") {
    InFolder in(root / "a");
    CHECK(leads::store::find_workspace_root("b/c") == root);
    CHECK(leads::store::find_workspace_root(".") == root);
  }

  SUBCASE("none above") {
    fs::create_directories(dir.path / "other" / "x");
    if (leads::store::find_workspace_root(dir.path)) {
      MESSAGE("a leads.yaml sits above the temp folder: skipped");
      return;
    }
    CHECK(leads::store::find_workspace_root(dir.path / "other" / "x") == std::nullopt);
  }
}

TEST_CASE("store::open_workspace") {
  leads::testing::TempDir dir;
  const fs::path root = dir.path / "ws";
  fs::create_directories(root / "sub");

  SUBCASE("a missing folder") {
    try {
      leads::store::open_workspace(dir.path / "missing");
      FAIL("opened a missing folder");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::config);
      CHECK(e.message() == "no such folder, so no workspace");
      CHECK(e.hint().find("leads init") != std::string::npos);
      CHECK(e.file() == (dir.path / "missing").string());
    }
  }

  SUBCASE("a folder without leads.yaml") {
    try {
      leads::store::open_workspace(root);
      FAIL("opened a folder without leads.yaml");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::config);
      CHECK(e.message() == "not a leads workspace (no leads.yaml)");
      CHECK(e.file() == root.string());
      CHECK(e.hint() == "run 'leads init " + root.string() + "' to create one");
    }
  }

  SUBCASE("-C DIR") {
    write_file(root / "leads.yaml", "store: data/leads.csv\n");
    leads::store::Workspace ws = leads::store::open_workspace(root / "sub" / "..");
    CHECK(ws.root == root);
    CHECK(ws.config_file == root / "leads.yaml");
    CHECK(ws.config.store == "data/leads.csv");
    CHECK(ws.leads_file() == root / "data" / "leads.csv");
    CHECK(ws.events_file() == root / "data" / "events.csv");
    CHECK(ws.activities_file() == root / "data" / "activities.csv");
    CHECK(ws.rejects_dir() == root / "data" / "rejects");
  }

  SUBCASE("an absolute store path") {
    write_file(root / "leads.yaml", fmt::format("store: {}\n", (dir.path / "elsewhere.csv").string()));
    leads::store::Workspace ws = leads::store::open_workspace(root);
    CHECK(ws.leads_file() == dir.path / "elsewhere.csv");
    CHECK(ws.events_file() == dir.path / "events.csv");
  }

  SUBCASE("found from the current folder") {
    leads::store::init_workspace(root, false);
    InFolder in(root / "sub");
    leads::store::Workspace ws = leads::store::open_workspace(std::nullopt);
    CHECK(ws.root == root);
    CHECK(ws.config.store == "leads.csv");
    CHECK(ws.leads_file() == root / "leads.csv");
    CHECK(ws.events_file() == root / "events.csv");
  }

  SUBCASE("not in a workspace") {
    if (leads::store::find_workspace_root(root)) {
      MESSAGE("a leads.yaml sits above the temp folder: skipped");
      return;
    }
    InFolder in(root / "sub");
    try {
      leads::store::open_workspace(std::nullopt);
      FAIL("opened a workspace that is not there");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::config);
      CHECK(e.message() == "not in a leads workspace (no leads.yaml here or in any parent folder)");
      CHECK(e.file() == "");
      CHECK(e.hint() == "run 'leads init' to create one, or pass -C DIR");
    }
  }

  SUBCASE("a bad leads.yaml reports the config loader's error") {
    write_file(root / "leads.yaml", "store: [unclosed\n");
    try {
      leads::store::open_workspace(root);
      FAIL("opened a broken leads.yaml");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::config);
      CHECK(e.file() == (root / "leads.yaml").string());
    }
  }
}
