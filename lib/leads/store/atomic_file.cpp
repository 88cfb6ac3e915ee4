#include <leads/store/atomic_file.hpp>

#include <leads/error.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <sys/stat.h>
#include <unistd.h>

namespace leads::store {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t k_buffer_size = std::size_t{1} << 20;

// The temp file for target's next content, with target's permissions when it exists.
posix::Fd open_temp(const fs::path& target, const fs::path& temp, int mode) {
  struct stat st {};
  const bool exists = ::stat(target.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) {
    throw Error(ErrorKind::cant_create, "cannot create: it is a folder", target.string(), 0, 0,
                fmt::format("name a file, e.g. {}", (target / "leads.csv").string()));
  }
  posix::Fd fd = posix::create_temp_for(target, temp, mode);
  if (exists) {
    ::fchmod(fd.get(), st.st_mode & 07777);
  }
  return fd;
}

} // namespace

BufferedFd::BufferedFd(posix::Fd fd, fs::path shown) : m_fd(std::move(fd)), m_shown(std::move(shown)) {}

BufferedFd BufferedFd::borrowed(int fd, fs::path shown) {
  BufferedFd out(posix::Fd(fd), std::move(shown));
  out.m_owned = false;
  return out;
}

BufferedFd::~BufferedFd() {
  if (!m_owned) {
    m_fd.release();
  }
}

void BufferedFd::write(std::string_view bytes) {
  if (!m_fd.valid()) {
    throw std::logic_error("leads::store::BufferedFd: write after close");
  }
  // Large pieces (rows gathered by the caller) go straight through, uncopied.
  if (m_buffer.empty() && bytes.size() >= k_buffer_size / 4) {
    posix::write_all(m_fd.get(), bytes, m_shown);
    m_writeback.wrote(m_fd.get(), bytes.size());
    return;
  }
  if (m_buffer.size() + bytes.size() <= k_buffer_size) {
    if (m_buffer.capacity() < k_buffer_size) {
      m_buffer.reserve(k_buffer_size);
    }
    m_buffer.append(bytes);
    return;
  }
  flush();
  if (bytes.size() >= k_buffer_size) {
    posix::write_all(m_fd.get(), bytes, m_shown);
    m_writeback.wrote(m_fd.get(), bytes.size());
  } else {
    m_buffer.append(bytes);
  }
}

void BufferedFd::flush() {
  if (m_buffer.empty() || !m_fd.valid()) {
    return;
  }
  posix::write_all(m_fd.get(), m_buffer, m_shown);
  m_writeback.wrote(m_fd.get(), m_buffer.size());
  m_buffer.clear();
}

void BufferedFd::sync_and_close() {
  flush();
  posix::sync_fd(m_fd.get(), m_shown);
  if (m_owned) {
    m_fd.close(m_shown);
  } else {
    m_fd.release();
  }
}

void BufferedFd::discard() {
  m_buffer.clear();
  if (m_owned) {
    m_fd = posix::Fd();
  } else {
    m_fd.release();
  }
}

AtomicFile::AtomicFile(const fs::path& target, int mode)
    : m_target(posix::through_symlink(target)), m_temp(posix::temp_path_for(m_target)),
      m_out(open_temp(m_target, m_temp, mode), m_target) {}

AtomicFile::AtomicFile(const fs::path& target, const fs::path& temp, int mode)
    : m_target(posix::through_symlink(target)), m_temp(temp),
      m_out(open_temp(m_target, m_temp, mode), m_target) {}

AtomicFile::~AtomicFile() {
  if (!m_committed && !m_released) {
    m_out.discard();
    ::unlink(m_temp.c_str());
  }
}

void AtomicFile::write(std::string_view bytes) {
  m_out.write(bytes);
}

void AtomicFile::finish() {
  if (!m_finished) {
    m_out.sync_and_close();
    m_finished = true;
  }
}

void AtomicFile::install() {
  if (m_committed) {
    return;
  }
  finish();
  rename_into_place(m_temp, m_target);
  m_committed = true;
}

void AtomicFile::commit() {
  install();
  posix::sync_dir(posix::parent_of(m_target));
}

void AtomicFile::discard() {
  m_out.discard();
  ::unlink(m_temp.c_str());
  m_released = true;
}

void rename_into_place(const fs::path& temp, const fs::path& target) {
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    throw Error(ErrorKind::cant_create, "cannot create: " + posix::errno_text(errno), target.string());
  }
}

void write_file_atomically(const fs::path& target, std::string_view content) {
  AtomicFile file(target);
  file.write(content);
  file.commit();
}

} // namespace leads::store
