#include <leads/import/sinks.hpp>

#include <leads/csv/writer.hpp>
#include <leads/error.hpp>
#include <leads/store/posix_file.hpp>

#include <cerrno>
#include <unistd.h>

namespace leads::import {

namespace {

constexpr std::size_t k_flush_size = 256 * 1024;

} // namespace

void CsvSink::row(std::span<const std::string_view> fields) {
  csv::append_row(m_buffer, fields);
  maybe_flush();
}

void CsvSink::row(std::span<const std::string> fields) {
  csv::append_row(m_buffer, fields);
  maybe_flush();
}

void CsvSink::text(std::string_view rows) {
  flush();
  m_sink->write(rows);
}

void CsvSink::maybe_flush() {
  if (m_buffer.size() >= k_flush_size) {
    flush();
  }
}

void CsvSink::flush() {
  if (!m_buffer.empty()) {
    m_sink->write(m_buffer);
    m_buffer.clear();
  }
}

void DescriptorSink::write(std::string_view bytes) {
  store::posix::write_all(m_fd, bytes, m_name);
  m_writeback.wrote(m_fd, bytes.size());
}

AtomicFile::AtomicFile(std::filesystem::path target)
    : m_target(std::move(target)), m_temp(store::posix::temp_path_for(m_target)) {
  m_fd = store::posix::create_temp_for(m_target, m_temp, 0644).release();
}

AtomicFile::~AtomicFile() {
  if (m_fd >= 0) {
    ::close(m_fd);
    ::unlink(m_temp.c_str());
  }
}

void AtomicFile::write(std::string_view bytes) {
  store::posix::write_all(m_fd, bytes, m_temp);
  m_writeback.wrote(m_fd, bytes.size());
}

void AtomicFile::commit() {
  store::posix::Fd fd(m_fd);
  m_fd = -1;
  try {
    store::posix::sync_fd(fd.get(), m_temp);
    fd.close(m_temp);
    if (::rename(m_temp.c_str(), m_target.c_str()) != 0) {
      throw Error(ErrorKind::cant_create, "cannot create: " + store::posix::errno_text(errno),
                  m_target.string());
    }
  } catch (...) {
    ::unlink(m_temp.c_str());
    throw;
  }
}

} // namespace leads::import
