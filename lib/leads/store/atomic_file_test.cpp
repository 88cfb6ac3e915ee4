#include <leads/store/atomic_file.hpp>
#include <leads/store/output.hpp>
#include <leads/store/posix_file.hpp>

#include <leads/error.hpp>

#include <doctest/doctest.h>

#include "test_files.hpp"

#include <csignal>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using leads::Error;
using leads::ErrorKind;
using leads::store::AtomicFile;
using leads::store::Output;
using leads::testing::read_file;
using leads::testing::TempDir;
using leads::testing::write_file;

namespace {

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

mode_t mode_of(const fs::path& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

} // namespace

TEST_SUITE_BEGIN("store");

TEST_CASE("store::AtomicFile") {
  TempDir dir("atomic");
  const fs::path target = dir.path / "out.csv";

  SUBCASE("the target changes on commit only, and keeps its permissions") {
    write_file(target, "old\n");
    fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    {
      AtomicFile file(target);
      file.write("new ");
      file.write(std::string(3 << 20, 'x')); // past the buffer: written straight through
      CHECK(read_file(target) == "old\n");
      CHECK(entries(dir.path) == 2); // the target and the temp file beside it
      file.commit();
    }
    CHECK(read_file(target).substr(0, 5) == "new x");
    CHECK(read_file(target).size() == 4 + (3u << 20));
    CHECK(mode_of(target) == 0640);
    CHECK(entries(dir.path) == 1);
  }

  SUBCASE("an uncommitted file leaves the target as it was and no temp file") {
    write_file(target, "old\n");
    {
      AtomicFile file(target);
      file.write("new\n");
    }
    CHECK(read_file(target) == "old\n");
    CHECK(entries(dir.path) == 1);
  }

  SUBCASE("a symlinked target is replaced where it points; the link stays") {
    fs::create_directories(dir.path / "data");
    write_file(dir.path / "data" / "real.csv", "old\n");
    fs::create_symlink(dir.path / "data" / "real.csv", target);
    leads::store::write_file_atomically(target, "new\n");
    CHECK(fs::is_symlink(target));
    CHECK(read_file(dir.path / "data" / "real.csv") == "new\n");
    CHECK(entries(dir.path / "data") == 1);
  }

  SUBCASE("failures have one kind each, and name the target") {
    try {
      AtomicFile file(dir.path / "missing" / "out.csv");
      FAIL("created a file in a missing folder");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::cant_create);
      CHECK(e.file() == (dir.path / "missing" / "out.csv").string());
      CHECK(e.message().find("no such folder") != std::string::npos);
    }
    fs::create_directories(dir.path / "folder");
    try {
      AtomicFile file(dir.path / "folder");
      FAIL("replaced a folder");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::cant_create);
      CHECK(e.message() == "cannot create: it is a folder");
    }
    // A write past the file size limit: io, naming the target, with what to do.
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      std::signal(SIGXFSZ, SIG_IGN);
      const rlimit limit{4096, 4096};
      ::setrlimit(RLIMIT_FSIZE, &limit);
      try {
        AtomicFile file(target);
        file.write(std::string(1 << 20, 'x'));
        file.commit();
        ::_exit(2);
      } catch (const Error& e) {
        ::_exit(e.kind() == ErrorKind::io && e.file() == target.string() &&
                        e.hint().find("ulimit -f") != std::string::npos
                    ? 0
                    : 3);
      }
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK_FALSE(fs::exists(target));
    CHECK(entries(dir.path) == 1); // folder/ alone: missing/ was never made, no temp file is left
  }
}

TEST_CASE("store::posix::same_file") {
  TempDir dir;
  write_file(dir.path / "a.csv", "x\n");
  write_file(dir.path / "b.csv", "x\n");
  std::filesystem::create_hard_link(dir.path / "a.csv", dir.path / "hard.csv");
  CHECK(leads::store::posix::same_file(dir.path / "a.csv", dir.path / "a.csv"));
  CHECK(leads::store::posix::same_file(dir.path / "a.csv", dir.path / "hard.csv"));
  CHECK(leads::store::posix::same_file(dir.path / "a.csv", dir.path / "." / "a.csv"));
  CHECK_FALSE(leads::store::posix::same_file(dir.path / "a.csv", dir.path / "b.csv"));
  CHECK_FALSE(leads::store::posix::same_file(dir.path / "a.csv", dir.path / "missing.csv"));
}

TEST_CASE("store::Output") {
  TempDir dir("output");
  const fs::path target = dir.path / "out.csv";

  SUBCASE("a file is written whole on commit") {
    Output output(target.string());
    output.write("a,b\n");
    CHECK_FALSE(fs::exists(target));
    CHECK(output.display_name() == target.string());
    output.commit();
    CHECK(read_file(target) == "a,b\n");
  }

  SUBCASE("a device is written as it is") {
    Output output("/dev/null");
    output.write("gone\n");
    output.commit();
    CHECK(fs::exists("/dev/null"));
    CHECK(fs::is_character_file("/dev/null"));
  }

  SUBCASE("- is standard output") {
    Output output("-");
    CHECK(output.is_stdout());
    CHECK(output.display_name() == "<stdout>");
  }
}

TEST_SUITE_END();
