#include <leads/store/posix_file.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace leads::store::posix {

Fd::~Fd() {
  if (m_fd >= 0) {
    ::close(m_fd);
  }
}

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
    m_fd = other.release();
  }
  return *this;
}

int Fd::release() {
  int fd = m_fd;
  m_fd = -1;
  return fd;
}

void Fd::close(const fs::path& path) {
  if (m_fd < 0) {
    return;
  }
  int fd = release();
  // Linux releases the descriptor even when close() fails, so it is never retried.
  if (::close(fd) != 0 && errno != EINTR) {
    throw Error(ErrorKind::io, "cannot write: " + errno_text(errno), path.string());
  }
}

std::string errno_text(int err) {
  return std::strerror(err);
}

Fd open_file(const fs::path& path, int flags, int mode, ErrorKind kind, std::string_view verb) {
  int fd;
  do {
    fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    const int error = errno;
    throw Error(kind, fmt::format("cannot {}: {}", verb, errno_text(error)), path.string(), 0, 0,
                error == EACCES || error == EPERM
                    ? "make it writable (chmod u+w), or run leads as a user who may write it"
                : error == ENOSPC ? "free some space on its file system"
                                  : "");
  }
  return Fd(fd);
}

int try_write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return errno;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

void write_all(int fd, std::string_view bytes, const fs::path& path) {
  if (const int error = try_write_all(fd, bytes)) {
    throw Error(ErrorKind::io, "cannot write: " + errno_text(error), path.string(), 0, 0,
                error == ENOSPC || error == EDQUOT ? "free some space on its file system"
                : error == EFBIG ? "the file would pass the file size limit (ulimit -f): raise it, or write "
                                   "to a file system that takes larger files"
                                 : "");
  }
}

fs::path through_symlink(const fs::path& path) {
  std::error_code ec;
  if (fs::is_symlink(path, ec)) {
    fs::path resolved = fs::weakly_canonical(path, ec);
    if (!ec) {
      return resolved;
    }
  }
  return path;
}

void sync_fd(int fd, const fs::path& path) {
  if (::fsync(fd) != 0) {
    throw Error(ErrorKind::io, "cannot write: " + errno_text(errno), path.string());
  }
}

void EarlyWriteback::wrote(int fd, std::size_t bytes) {
  constexpr std::uint64_t k_step = std::uint64_t{8} << 20;
  m_written += bytes;
  if (m_written - m_started >= k_step) {
    (void)::sync_file_range(fd, static_cast<off_t>(m_started), static_cast<off_t>(m_written - m_started),
                            SYNC_FILE_RANGE_WRITE);
    m_started = m_written;
  }
}

void sync_dir(const fs::path& dir) {
  Fd fd = open_file(dir, O_RDONLY | O_DIRECTORY, 0, ErrorKind::io, "open folder");
  // Some file systems cannot fsync a folder (EINVAL); their renames are as durable as they get.
  if (::fsync(fd.get()) != 0 && errno != EINVAL) {
    throw Error(ErrorKind::io, "cannot write: " + errno_text(errno), dir.string());
  }
}

std::string read_all(const fs::path& path) {
  Fd fd = open_file(path, O_RDONLY, 0, ErrorKind::io, "read");
  std::string out;
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw Error(ErrorKind::io, "cannot read: " + errno_text(errno), path.string());
    }
    if (n == 0) {
      return out;
    }
    out.append(buffer, static_cast<std::size_t>(n));
  }
}

void remove_if_exists(const fs::path& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    throw Error(ErrorKind::io, "cannot remove: " + errno_text(errno), path.string());
  }
}

fs::path parent_of(const fs::path& path) {
  fs::path parent = path.parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

fs::path temp_path_for(const fs::path& target) {
  return parent_of(target) / fmt::format(".{}.tmp-{}", target.filename().string(), ::getpid());
}

Fd create_temp_for(const fs::path& target, const fs::path& temp, int mode) {
  int fd;
  do {
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  if (fd >= 0) {
    return Fd(fd);
  }
  const int err = errno;
  const std::string folder = parent_of(target).string();
  std::string why;
  std::string hint;
  switch (err) {
  case ENOENT:
    why = fmt::format("no such folder {}", folder);
    hint =
        fmt::format("create the folder first (mkdir -p {}), or name a file in a folder that exists", folder);
    break;
  case ENOTDIR:
    why = fmt::format("{} is not a folder", folder);
    hint = "name a file in a folder that exists";
    break;
  case EACCES:
  case EPERM:
    why = fmt::format("no permission to write in {}", folder);
    hint = "name a file in a folder you can write to, or change the folder's permissions";
    break;
  case EROFS:
    why = fmt::format("{} is on a read-only file system", folder);
    hint = "name a file on a file system that can be written";
    break;
  default:
    why = errno_text(err);
    hint = fmt::format("check that the folder {} exists and is writable", folder);
    break;
  }
  throw Error(ErrorKind::cant_create, "cannot create: " + why, target.string(), 0, 0, std::move(hint));
}

bool same_file(const fs::path& a, const fs::path& b) {
  struct stat sa {};
  struct stat sb {};
  return a == b || (::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
                    sa.st_ino == sb.st_ino);
}

} // namespace leads::store::posix
