#pragma once

#include <leads/store/posix_file.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace leads::store {

// Where a command's output bytes go: a file of a transaction, an atomic
// output file, standard output.
class FileSink {
public:
  virtual ~FileSink() = default;
  virtual void write(std::string_view bytes) = 0;
};

// Writes to a descriptor through a buffer, so that many small writes (one CSV
// row each) cost few system calls, and starts writing a growing file to disk
// early (see posix::EarlyWriteback). Errors name `shown`, the file the user
// knows (not a hidden temp file). Owns the descriptor unless told otherwise.
class BufferedFd final : public FileSink {
public:
  BufferedFd(posix::Fd fd, std::filesystem::path shown);
  // A descriptor the caller owns and closes (standard output, a pipe).
  static BufferedFd borrowed(int fd, std::filesystem::path shown);
  ~BufferedFd() override;
  BufferedFd(BufferedFd&&) noexcept = default;
  BufferedFd& operator=(BufferedFd&&) noexcept = default;

  void write(std::string_view bytes) override;
  // Hands what is buffered to the kernel.
  void flush();
  // flush(), fsync(2) and close: what was written is on disk.
  void sync_and_close();
  // Drops what is buffered and closes (a write that is given up).
  void discard();
  int fd() const { return m_fd.get(); }
  const std::filesystem::path& shown() const { return m_shown; }

private:
  posix::Fd m_fd;
  bool m_owned = true;
  std::filesystem::path m_shown;
  std::string m_buffer;
  posix::EarlyWriteback m_writeback;
};

} // namespace leads::store
