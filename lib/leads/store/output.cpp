#include <leads/store/output.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace leads::store {

Output::Output(const std::string& path) : m_path(path) {
  if (is_stdout()) {
    m_stream = BufferedFd::borrowed(STDOUT_FILENO, "<stdout>");
    return;
  }
  // Devices and pipes are written directly: there is nothing to replace
  // atomically, and renaming over them would be wrong.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
    m_stream.emplace(posix::open_file(path, O_WRONLY, 0, ErrorKind::cant_create, "open"), path);
    return;
  }
  m_file = std::make_unique<AtomicFile>(path, 0666);
}

Output::~Output() = default;

void Output::write(std::string_view bytes) {
  if (m_file) {
    m_file->write(bytes);
  } else {
    m_stream->write(bytes);
  }
}

void Output::commit() {
  if (m_file) {
    m_file->commit();
  } else {
    m_stream->flush();
  }
}

bool Output::is_terminal() const {
  return ::isatty(fd()) == 1;
}

int Output::fd() const {
  return m_file ? -1 : m_stream->fd();
}

} // namespace leads::store
