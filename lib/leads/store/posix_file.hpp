#pragma once

#include <leads/error.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

// Small POSIX file helpers shared by the store's lock and transactions: they
// turn errno into leads::Error with the path, so callers stay readable.
namespace leads::store::posix {

namespace fs = std::filesystem;

// An owned file descriptor, closed when it goes out of scope.
class Fd {
public:
  Fd() = default;
  explicit Fd(int fd) : m_fd(fd) {}
  ~Fd();
  Fd(Fd&& other) noexcept : m_fd(other.release()) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  int get() const { return m_fd; }
  bool valid() const { return m_fd >= 0; }
  int release();
  // Closes now; throws leads::Error(io) naming path if close reports a failure.
  void close(const fs::path& path);

private:
  int m_fd = -1;
};

// strerror(err) as a std::string.
std::string errno_text(int err);

// Opens path with open(2) flags (O_CLOEXEC is added); throws leads::Error(kind)
// "cannot <verb>: <reason>" naming the path on failure.
Fd open_file(const fs::path& path, int flags, int mode, ErrorKind kind, std::string_view verb);

// Writes all of bytes (retrying short writes and EINTR); 0, or the errno of
// the write that failed.
int try_write_all(int fd, std::string_view bytes);
// try_write_all(); leads::Error(io) naming path on failure.
void write_all(int fd, std::string_view bytes, const fs::path& path);

// fsync(2); leads::Error(io) on failure.
void sync_fd(int fd, const fs::path& path);

// Starts writing a file that is being written to disk as it grows, every few
// MiB (sync_file_range without waiting), so that the fsync before its rename
// finds little left to wait for: the disk works while the program computes.
// Advisory: where the file system cannot, nothing happens.
class EarlyWriteback {
public:
  // Tells that bytes more were written to fd.
  void wrote(int fd, std::size_t bytes);

private:
  std::uint64_t m_written = 0;
  std::uint64_t m_started = 0; // bytes whose writeback was started
};

// fsyncs a folder so that renames and unlinks in it are durable.
void sync_dir(const fs::path& dir);

// The whole content of a file; leads::Error(io) when it cannot be read.
std::string read_all(const fs::path& path);

// unlink(2) that ignores a missing file; leads::Error(io) on other failures.
void remove_if_exists(const fs::path& path);

// The folder holding path ("." for a bare file name).
fs::path parent_of(const fs::path& path);

// Whether the two paths name one file: the same path, or one existing file
// (the same device and inode) under two names.
bool same_file(const fs::path& a, const fs::path& b);

// Where path leads when it is a symlink (the target, resolved); path otherwise.
fs::path through_symlink(const fs::path& path);

// ".<name>.tmp-<pid>" beside target: where its new content is written first.
fs::path temp_path_for(const fs::path& target);

// Creates (or truncates) temp, the file that replaces target once written,
// with open(2) mode. A failure is reported as target's, since the temp name
// means nothing to the user: leads::Error(cant_create) names target, says why
// in words (no such folder, permission denied, ...) and what to do.
Fd create_temp_for(const fs::path& target, const fs::path& temp, int mode);

} // namespace leads::store::posix
