#pragma once

// Files and folders for unit tests that touch the file system.

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <linux/capability.h>
#include <sstream>
#include <string>
#include <string_view>
#include <sys/syscall.h>
#include <unistd.h>

namespace leads::testing {

// A fresh folder per test (named after `what` and this process), removed at the end.
struct TempDir {
  std::filesystem::path path;

  explicit TempDir(std::string_view what = "test") {
    static int counter = 0;
    path =
        std::filesystem::temp_directory_path() / fmt::format("leads-{}-{}-{}", what, ::getpid(), counter++);
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void write_file(const std::filesystem::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

// For a child process that must meet the file permissions a user meets:
// drops every capability (CAP_DAC_OVERRIDE above all), so that even root is
// held to the permission bits, as the owner of what it created. (Switching
// to another user instead would also lose the way to the test's folder when
// a parent folder is root's alone, as a chroot made with mktemp -d is.)
// False when the capabilities could not be dropped.
inline bool drop_privileges() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  return ::syscall(SYS_capset, &header, data) == 0;
}

} // namespace leads::testing
