#include <leads/store/transaction.hpp>

#include <leads/error.hpp>
#include <leads/store/lock.hpp>
#include <leads/store/posix_file.hpp>

#include <doctest/doctest.h>

#include "test_files.hpp"
#include <fmt/format.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using leads::Error;
using leads::ErrorKind;
using leads::store::Transaction;
using leads::testing::read_file;
using leads::testing::write_file;

namespace {

// Every file (with its bytes) and folder under root, the lock file aside.
using Snapshot = std::map<std::string, std::string>;

Snapshot snapshot(const fs::path& root) {
  Snapshot out;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    std::string name = entry.path().lexically_relative(root).string();
    if (name == ".leads.lock") {
      continue;
    }
    out[name] = entry.is_directory() ? std::string("<folder>") : read_file(entry.path());
  }
  return out;
}

std::string journal_of(const fs::path& root) {
  return read_file(root / ".leads.journal");
}

// The step at which a forked child ends itself, and how many earlier passes to let by.
const char* g_crash_step = nullptr;
int g_crash_skip = 0;
constexpr int k_crashed = 42;

void crash_at_step(std::string_view step) {
  if (g_crash_step != nullptr && step == g_crash_step && g_crash_skip-- == 0) {
    ::_exit(k_crashed);
  }
}

// Runs body in a child process that ends without cleanup; returns its exit code
// (k_crashed when it stopped at the step, 0 when body returned, 3 on an exception).
template <typename Body> int run_child(const char* step, int skip, Body body) {
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    g_crash_step = step;
    g_crash_skip = skip;
    leads::store::detail::set_step_hook(crash_at_step);
    try {
      body();
    } catch (...) {
      ::_exit(3);
    }
    ::_exit(0);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  return WEXITSTATUS(status);
}

std::string big_text(std::string_view line, std::size_t bytes) {
  std::string out;
  while (out.size() < bytes) {
    out += line;
  }
  return out;
}

} // namespace

TEST_CASE("store::Transaction") {
  leads::testing::TempDir dir;
  const fs::path& root = dir.path;
  write_file(root / "leads.csv", "id,email\n1,a@example.com\n");
  write_file(root / "events.csv", "at,lead_id\n");
  fs::create_directories(root / "rejects");
  Snapshot before = snapshot(root);

  SUBCASE("commit replaces, appends and creates") {
    Transaction tx(root);
    tx.replace(root / "leads.csv").write("id,email\n");
    tx.replace(root / "leads.csv").write("2,b@example.com\n");
    tx.append(root / "events.csv").write("2026-01-01T00:00:00Z,2\n");
    tx.create(root / "rejects" / "import-1.csv").write("line,reason\n");
    tx.append(root / "activities.csv").write("at,lead_id\n");
    CHECK(read_file(root / "leads.csv") == "id,email\n1,a@example.com\n");
    tx.commit();
    Snapshot after = snapshot(root);
    CHECK(after == Snapshot{{"activities.csv", "at,lead_id\n"},
                            {"events.csv", "at,lead_id\n2026-01-01T00:00:00Z,2\n"},
                            {"leads.csv", "id,email\n2,b@example.com\n"},
                            {"rejects", "<folder>"},
                            {"rejects/import-1.csv", "line,reason\n"}});
  }

  SUBCASE("a symlinked file is replaced where the link points, and stays a link") {
    fs::create_directories(root / "data");
    write_file(root / "data" / "store.csv", "id,email\n1,a@example.com\n");
    fs::create_symlink(root / "data" / "store.csv", root / "linked.csv");
    Transaction tx(root);
    tx.replace(root / "linked.csv").write("id,email\n3,c@example.com\n");
    tx.commit();
    CHECK(fs::is_symlink(root / "linked.csv"));
    CHECK(read_file(root / "data" / "store.csv") == "id,email\n3,c@example.com\n");
    CHECK(read_file(root / "linked.csv") == "id,email\n3,c@example.com\n");
    // No temp file left beside the target.
    CHECK(std::distance(fs::directory_iterator(root / "data"), fs::directory_iterator()) == 1);
  }

  SUBCASE("a history file that cannot be opened leaves no journal behind") {
    // The child cannot write events.csv, which has no write permission (and
    // the child no privilege over it: see drop_privileges()). The rollback
    // must not need to write it either, since nothing was appended.
    fs::permissions(root, fs::perms::all);
    fs::permissions(root / "events.csv",
                    fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      if (!leads::testing::drop_privileges()) {
        ::_exit(9);
      }
      try {
        Transaction tx(root);
        tx.append(root / "events.csv");
        ::_exit(2); // opened a file it may not write
      } catch (const leads::Error& e) {
        if (e.kind() != leads::ErrorKind::cant_create || e.hint().empty()) {
          ::_exit(3);
        }
      }
      try {
        leads::store::Transaction::recover(root); // what the next run does
      } catch (...) {
        ::_exit(4);
      }
      ::_exit(fs::exists(root / ".leads.journal") ? 5 : 0);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    fs::permissions(root / "events.csv", fs::perms::owner_write, fs::perm_options::add);
    CHECK(snapshot(root) == before);
  }

  SUBCASE("files past the early-writeback step (8 MiB) commit whole") {
    std::string content;
    {
      Transaction tx(root);
      leads::store::FileSink& sink = tx.replace(root / "leads.csv");
      for (int i = 0; content.size() < (20u << 20); ++i) {
        // Pieces of odd sizes, some larger than the sink's buffer.
        const std::string piece(static_cast<std::size_t>(1 + (i * 611953) % (3 << 20)),
                                static_cast<char>('a' + i % 26));
        sink.write(piece);
        content += piece;
      }
      tx.commit();
    }
    CHECK(read_file(root / "leads.csv") == content);
  }

  SUBCASE("early writeback of a pipe or a device does nothing, and throws nothing") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    leads::store::posix::EarlyWriteback writeback;
    CHECK_NOTHROW(writeback.wrote(fds[1], std::size_t{64} << 20));
    ::close(fds[0]);
    ::close(fds[1]);
  }

  SUBCASE("the journal lists every target before it is touched") {
    Transaction tx(root);
    CHECK_FALSE(fs::exists(root / ".leads.journal"));
    tx.replace(root / "leads.csv");
    std::string temp = fmt::format(".leads.csv.tmp-{}", ::getpid());
    CHECK(journal_of(root) == fmt::format("leads-journal 1\nR\tleads.csv\t{}\n", temp));
    CHECK(fs::exists(root / temp));
    tx.append(root / "events.csv");
    tx.append(root / "new.csv");
    tx.create(root / "rejects" / "a\tb.csv");
    CHECK(journal_of(root) ==
          fmt::format("leads-journal 1\nR\tleads.csv\t{}\nA\tevents.csv\t11\t0\nA\tnew.csv\t0\t1\n"
                      "C\trejects/a\\tb.csv\trejects/.a\\tb.csv.tmp-{}\n",
                      temp, ::getpid()));
    tx.commit();
    CHECK_FALSE(fs::exists(root / ".leads.journal"));
    CHECK_FALSE(fs::exists(root / ".leads.commit"));
    CHECK(read_file(root / "rejects" / "a\tb.csv").empty());
  }

  SUBCASE("rollback restores the exact bytes") {
    Transaction tx(root);
    tx.replace(root / "leads.csv").write("id,email\n");
    tx.append(root / "events.csv").write(big_text("2026-01-01T00:00:00Z,9\n", 3 << 20));
    tx.append(root / "activities.csv").write(big_text("x\n", 1 << 20));
    tx.create(root / "rejects" / "r.csv").write("r\n");
    CHECK(fs::file_size(root / "events.csv") > (3u << 20));
    tx.rollback();
    CHECK(snapshot(root) == before);
    tx.rollback();
    CHECK(snapshot(root) == before);
  }

  SUBCASE("an uncommitted transaction is rolled back when destroyed") {
    {
      Transaction tx(root);
      tx.replace(root / "leads.csv").write("x");
      tx.append(root / "events.csv").write(big_text("y", 2 << 20));
    }
    CHECK(snapshot(root) == before);
  }

  SUBCASE("an empty commit leaves no trace") {
    Transaction tx(root);
    tx.commit();
    CHECK(snapshot(root) == before);
  }

  SUBCASE("big content arrives whole") {
    std::string content = big_text("0123456789abcdef\n", (5 << 20) + 7);
    {
      Transaction tx(root);
      leads::store::FileSink& sink = tx.replace(root / "leads.csv");
      for (std::size_t at = 0; at < content.size(); at += 100000) {
        sink.write(std::string_view(content).substr(at, 100000));
      }
      tx.commit();
    }
    CHECK(read_file(root / "leads.csv") == content);
  }

  SUBCASE("replace keeps the file's permissions") {
    fs::permissions(root / "leads.csv", fs::perms::owner_read | fs::perms::owner_write);
    Transaction tx(root);
    tx.replace(root / "leads.csv").write("new\n");
    tx.commit();
    CHECK(fs::status(root / "leads.csv").permissions() == (fs::perms::owner_read | fs::perms::owner_write));
  }

  SUBCASE("use after commit is a programming error") {
    Transaction tx(root);
    leads::store::FileSink& sink = tx.replace(root / "leads.csv");
    tx.commit();
    CHECK_THROWS_AS(sink.write("x"), std::logic_error);
    CHECK_THROWS_AS(tx.replace(root / "events.csv"), std::logic_error);
    CHECK_THROWS_AS(tx.commit(), std::logic_error);
  }

  SUBCASE("one file used two ways is a programming error") {
    Transaction tx(root);
    tx.replace(root / "leads.csv");
    CHECK_THROWS_AS(tx.append(root / "leads.csv"), std::logic_error);
  }

  SUBCASE("a write failure is an io error and nothing changes") {
    if (!fs::exists("/dev/full")) {
      MESSAGE("no /dev/full here: skipped");
      return;
    }
    {
      Transaction tx(root);
      tx.replace(root / "leads.csv").write("new\n");
      tx.append("/dev/full").write("x");
      try {
        tx.commit();
        FAIL("commit to /dev/full succeeded");
      } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::io);
        CHECK(e.message() == "cannot write: No space left on device");
        CHECK(e.file() == "/dev/full");
      }
    }
    CHECK(snapshot(root) == before);
  }

  SUBCASE("a target that cannot be created is a cant_create error") {
    Transaction tx(root);
    try {
      tx.create(root / "leads.csv" / "x.csv");
      FAIL("created a file below a file");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::cant_create);
      CHECK(e.file() == (root / "leads.csv").string());
    }
  }

  SUBCASE("a second transaction while one is unfinished is refused") {
    Transaction first(root);
    first.replace(root / "leads.csv");
    Transaction second(root);
    try {
      second.append(root / "events.csv");
      FAIL("two transactions at once");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::cant_create);
      CHECK(e.file() == (root / ".leads.journal").string());
    }
  }
}

TEST_CASE("store::Transaction::recover") {
  leads::testing::TempDir dir;
  const fs::path& root = dir.path;
  write_file(root / "events.csv", "at,lead_id\nA\nB\n");

  SUBCASE("nothing to do") {
    Transaction::recover(root);
    CHECK(snapshot(root) == Snapshot{{"events.csv", "at,lead_id\nA\nB\n"}});
  }

  SUBCASE("a journal without a marker is rolled back; a line cut short is ignored") {
    write_file(root / ".leads.journal", "leads-journal 1\nA\tevents.csv\t11\t0\nA\tother.csv\t0");
    write_file(root / "other.csv", "kept\n");
    write_file(root / ".leads.commit.tmp", "leads-journal 1\n");
    Transaction::recover(root);
    CHECK(snapshot(root) == Snapshot{{"events.csv", "at,lead_id\n"}, {"other.csv", "kept\n"}});
  }

  SUBCASE("a marker is rolled forward") {
    write_file(root / ".tmp-new", "new\n");
    write_file(root / ".leads.commit", "leads-journal 1\nR\tevents.csv\t.tmp-new\n");
    Transaction::recover(root);
    CHECK(snapshot(root) == Snapshot{{"events.csv", "new\n"}});
  }

  SUBCASE("a damaged journal is an io error naming the line") {
    write_file(root / ".leads.journal", "leads-journal 1\nA\tevents.csv\tbad\t0\n");
    try {
      Transaction::recover(root);
      FAIL("damaged journal accepted");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::io);
      CHECK(e.message() == "unreadable transaction journal");
      CHECK(e.file() == (root / ".leads.journal").string());
      CHECK(e.line() == 2);
    }
    CHECK(read_file(root / "events.csv") == "at,lead_id\nA\nB\n");
  }
}

TEST_CASE("store::Transaction crash at each step") {
  leads::testing::TempDir dir;
  const fs::path& root = dir.path;
  write_file(root / "leads.csv", "id,email\n1,a@example.com\n");
  write_file(root / "events.csv", "at,lead_id\n2026-01-01T00:00:00Z,1\n");
  fs::create_directories(root / "rejects");
  const std::string new_leads = big_text("id,email\n2,b@example.com\n", (1 << 20) + 5);
  const std::string new_events = big_text("2026-01-02T00:00:00Z,2\n", (1 << 20) + 9);

  Snapshot before = snapshot(root);
  Snapshot after = before;
  after["leads.csv"] = new_leads;
  after["events.csv"] += new_events;
  after["rejects/import.csv"] = "line,reason\n";
  after["activities.csv"] = "at\n";

  auto change = [&] {
    Transaction tx(root);
    tx.replace(root / "leads.csv").write(new_leads);
    tx.append(root / "events.csv").write(new_events);
    tx.create(root / "rejects" / "import.csv").write("line,reason\n");
    tx.append(root / "activities.csv").write("at\n");
    tx.commit();
  };

  struct Case {
    const char* step;
    int skip;
    bool committed;
  };
  const Case cases[] = {
      {"journaled", 0, false}, {"journaled", 1, false},  {"journaled", 3, false}, {"synced", 0, false},
      {"marked", 0, true},     {"renamed-one", 0, true}, {"renamed", 0, true},    {"unjournaled", 0, true},
  };
  SUBCASE("killed at each step of commit") {
    for (const Case& c : cases) {
      CAPTURE(c.step);
      CAPTURE(c.skip);
      REQUIRE(run_child(c.step, c.skip, change) == k_crashed);
      CHECK(fs::exists(root / ".leads.journal") != (std::string_view(c.step) == "unjournaled"));
      Transaction::recover(root);
      CHECK(snapshot(root) == (c.committed ? after : before));
      // Back to the start for the next case.
      for (const auto& [name, content] : before) {
        if (content != "<folder>") {
          write_file(root / name, content);
        }
      }
      fs::remove(root / "rejects" / "import.csv");
      fs::remove(root / "activities.csv");
      REQUIRE(snapshot(root) == before);
    }
  }

  SUBCASE("killed in the middle of an append") {
    int code = run_child(nullptr, 0, [&] {
      Transaction tx(root);
      tx.append(root / "events.csv").write(big_text("partial\n", 3 << 20));
      ::_exit(k_crashed);
    });
    REQUIRE(code == k_crashed);
    CHECK(fs::file_size(root / "events.csv") > (2u << 20));
    Transaction::recover(root);
    CHECK(snapshot(root) == before);
  }

  SUBCASE("killed while rolling forward, then recovered again") {
    REQUIRE(run_child("marked", 0, change) == k_crashed);
    REQUIRE(run_child("renamed-one", 0, [&] { Transaction::recover(root); }) == k_crashed);
    REQUIRE(run_child("unjournaled", 0, [&] { Transaction::recover(root); }) == k_crashed);
    Transaction::recover(root);
    CHECK(snapshot(root) == after);
  }

  SUBCASE("killed while rolling back, then recovered again") {
    REQUIRE(run_child("synced", 0, change) == k_crashed);
    REQUIRE(run_child("rolled-back", 0, [&] { Transaction::recover(root); }) == k_crashed);
    Transaction::recover(root);
    CHECK(snapshot(root) == before);
  }

  SUBCASE("the next lock recovers") {
    REQUIRE(run_child("renamed-one", 0, change) == k_crashed);
    { leads::store::WorkspaceLock lock(root, 0); }
    CHECK(snapshot(root) == after);
  }
}

TEST_CASE("store::Transaction survives kill -9 at any moment") {
  leads::testing::TempDir dir;
  const fs::path& root = dir.path;
  write_file(root / "state.txt", "0\n");
  write_file(root / "log.csv", "");
  fs::create_directories(root / "rejects");

  // Each commit moves generation n-1 to n in three files at once.
  auto commits_forever = [&](int done_fd) {
    leads::store::WorkspaceLock lock(root, 5);
    long n = std::stol(read_file(root / "state.txt"));
    for (;;) {
      ++n;
      Transaction tx(root);
      tx.replace(root / "state.txt").write(fmt::format("{}\n{}", n, std::string((n * 7919) % 300000, 'x')));
      tx.append(root / "log.csv").write(fmt::format("{}\n", n));
      tx.create(root / "rejects" / fmt::format("r-{}.csv", n)).write(fmt::format("{}\n", n));
      tx.commit();
      (void)!::write(done_fd, "c", 1);
    }
  };

  auto started = std::chrono::steady_clock::now();
  long generation = 0;
  int interrupted = 0;
  int waited = 0;
  for (int round = 0; round < 40 && std::chrono::steady_clock::now() - started < std::chrono::seconds(1);
       ++round) {
    CAPTURE(round);
    int done[2];
    REQUIRE(::pipe(done) == 0);
    REQUIRE(::fcntl(done[1], F_SETFL, O_NONBLOCK) == 0);
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      try {
        commits_forever(done[1]);
      } catch (...) {
        ::_exit(3);
      }
      ::_exit(0);
    }
    ::close(done[1]);
    // Every other round lets one commit finish first, so that progress does not hang on timing.
    if (round % 2 == 1) {
      char byte = 0;
      REQUIRE(::read(done[0], &byte, 1) == 1);
      ++waited;
    }
    ::close(done[0]);
    std::this_thread::sleep_for(std::chrono::microseconds((round * 7331) % 30000));
    ::kill(pid, SIGKILL);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFSIGNALED(status));
    if (fs::exists(root / ".leads.journal") || fs::exists(root / ".leads.commit")) {
      ++interrupted;
    }

    leads::store::WorkspaceLock lock(root, 5);
    std::string state = read_file(root / "state.txt");
    long n = std::stol(state);
    REQUIRE(n >= generation);
    generation = n;
    std::string expected_log;
    Snapshot expected;
    expected["state.txt"] = n == 0 ? "0\n" : fmt::format("{}\n{}", n, std::string((n * 7919) % 300000, 'x'));
    expected["rejects"] = "<folder>";
    for (long i = 1; i <= n; ++i) {
      expected_log += fmt::format("{}\n", i);
      expected[fmt::format("rejects/r-{}.csv", i)] = fmt::format("{}\n", i);
    }
    expected["log.csv"] = expected_log;
    REQUIRE(snapshot(root) == expected);
  }
  INFO("commits that survived the kills: " << generation << "; kills inside a commit: " << interrupted);
  CHECK(generation >= waited);
  CHECK(waited > 0);
}
