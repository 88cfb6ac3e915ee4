#include <leads/store/lock.hpp>

#include <leads/error.hpp>

#include <doctest/doctest.h>

#include "test_files.hpp"
#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using leads::Error;
using leads::ErrorKind;
using leads::store::WorkspaceLock;
using leads::testing::read_file;
using leads::testing::write_file;

namespace {

// The locked error a second WorkspaceLock throws, and how long it took.
Error locked_error(const fs::path& root, double wait_seconds, double& seconds) {
  auto start = std::chrono::steady_clock::now();
  try {
    WorkspaceLock second(root, wait_seconds);
  } catch (const Error& e) {
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return e;
  }
  FAIL("the second lock was granted");
  return Error(ErrorKind::usage, "unreachable");
}

} // namespace

TEST_CASE("store::wait_duration") {
  using namespace std::chrono;
  CHECK(leads::store::wait_duration(1.5) == milliseconds(1500));
  CHECK(leads::store::wait_duration(0) == steady_clock::duration::zero());
  CHECK(leads::store::wait_duration(-3) == steady_clock::duration::zero());
  // --wait 1e300: a century, not a number of nanoseconds that overflows.
  CHECK(leads::store::wait_duration(1e300) == leads::store::wait_duration(1e12));
  CHECK(leads::store::wait_duration(1e300) > hours(24 * 365 * 99));
}

TEST_CASE("store::WorkspaceLock") {
  leads::testing::TempDir dir;
  const fs::path& root = dir.path;
  const fs::path lock_file = root / ".leads.lock";

  SUBCASE("the holder's pid is written into the lock file, which is kept, empty, after") {
    {
      WorkspaceLock lock(root, 0);
      CHECK(read_file(lock_file) == fmt::format("{}\n", ::getpid()));
    }
    CHECK(fs::exists(lock_file));
    CHECK(read_file(lock_file).empty()); // another program locking it later is not named after this run
    WorkspaceLock again(root, 0);
  }

  SUBCASE("a second lock in the same process is refused at once with wait 0") {
    WorkspaceLock first(root, 0);
    double seconds = 0;
    Error e = locked_error(root, 0, seconds);
    CHECK(e.kind() == ErrorKind::locked);
    CHECK(e.message() == fmt::format("workspace is locked by another leads run (pid {})", ::getpid()));
    CHECK(e.file() == lock_file.string());
    CHECK(e.line() == 0);
    CHECK(e.hint() == "wait for it to finish, or pass --wait SECONDS");
    CHECK(seconds < 0.15);
  }

  SUBCASE("waiting times out after the given seconds") {
    WorkspaceLock first(root, 0);
    double seconds = 0;
    Error e = locked_error(root, 0.2, seconds);
    CHECK(e.kind() == ErrorKind::locked);
    CHECK(e.hint() == "wait for it to finish, or pass a longer --wait");
    CHECK(seconds >= 0.2);
    CHECK(seconds < 5);
  }

  SUBCASE("another process holding it is named, and waited for") {
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      try {
        WorkspaceLock held(root, 0);
        (void)!::write(ready[1], "x", 1);
        ::usleep(300000);
      } catch (...) {
        ::_exit(3);
      }
      ::_exit(0);
    }
    char byte = 0;
    REQUIRE(::read(ready[0], &byte, 1) == 1);
    ::close(ready[0]);
    ::close(ready[1]);
    double seconds = 0;
    Error e = locked_error(root, 0, seconds);
    CHECK(e.message() == fmt::format("workspace is locked by another leads run (pid {})", pid));
    auto start = std::chrono::steady_clock::now();
    {
      WorkspaceLock after(root, 10);
      CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(100));
      CHECK(read_file(lock_file) == fmt::format("{}\n", ::getpid()));
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }

  SUBCASE("taking the lock rolls back what a killed run left") {
    write_file(root / "events.csv", "at,lead_id\nhalf-written");
    write_file(root / ".leads.journal", "leads-journal 1\nA\tevents.csv\t11\t0\n");
    WorkspaceLock lock(root, 0);
    CHECK(read_file(root / "events.csv") == "at,lead_id\n");
    CHECK_FALSE(fs::exists(root / ".leads.journal"));
  }

  SUBCASE("a damaged journal refuses the lock and releases it") {
    write_file(root / ".leads.journal", "garbage\n");
    CHECK_THROWS_AS(WorkspaceLock(root, 0), Error);
    fs::remove(root / ".leads.journal");
    WorkspaceLock lock(root, 0);
  }

  SUBCASE("a run that only reads takes a shared lock in a workspace it cannot write") {
    { WorkspaceLock made(root, 0); } // the lock file exists, as in every workspace
    // The workspace becomes read-only for the child: no write permission on
    // the folder and the lock file, and no privilege over them (see drop_privileges()).
    fs::permissions(root, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                              fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(lock_file, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    auto in_read_only_child = [](const std::function<int()>& body) {
      const pid_t pid = ::fork();
      REQUIRE(pid >= 0);
      if (pid == 0) {
        if (!leads::testing::drop_privileges()) {
          ::_exit(9);
        }
        int code = 0;
        try {
          code = body();
        } catch (...) {
          code = 8;
        }
        ::_exit(code);
      }
      int status = 0;
      REQUIRE(::waitpid(pid, &status, 0) == pid);
      REQUIRE(WIFEXITED(status));
      return WEXITSTATUS(status);
    };
    // Reading is granted (and waits for nobody here); writing is refused.
    CHECK(in_read_only_child([&] {
            WorkspaceLock reading(root, 0, WorkspaceLock::Access::read);
            try {
              WorkspaceLock writing(root, 0);
            } catch (const Error& e) {
              return e.kind() == ErrorKind::cant_create ? 0 : 2;
            }
            return 3;
          }) == 0);
    // What an interrupted run left cannot be finished here: no reading a half-done state.
    fs::permissions(root, fs::perms::owner_all, fs::perm_options::add);
    write_file(root / ".leads.journal", "leads-journal 1\n");
    fs::permissions(root, fs::perms::owner_write, fs::perm_options::remove);
    CHECK(in_read_only_child([&] {
            try {
              WorkspaceLock reading(root, 0, WorkspaceLock::Access::read);
            } catch (const Error& e) {
              return e.message().find("interrupted") != std::string::npos ? 0 : 4;
            }
            return 5;
          }) == 0);
    fs::permissions(root, fs::perms::owner_all, fs::perm_options::add);
    fs::permissions(lock_file, fs::perms::owner_write, fs::perm_options::add);
    fs::remove(root / ".leads.journal");
  }

  SUBCASE("a missing folder is a cant_create error") {
    try {
      WorkspaceLock lock(root / "missing", 0);
      FAIL("locked a missing folder");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::cant_create);
      CHECK(e.file() == (root / "missing" / ".leads.lock").string());
    }
  }
}
