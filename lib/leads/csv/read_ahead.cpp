#include <leads/csv/read_ahead.hpp>

#include <pthread.h>

namespace leads::csv {

namespace {

// Chunks read ahead of the parser, at most: enough to ride out a slow read.
constexpr std::size_t k_depth = 3;

} // namespace

ReadAhead::ReadAhead(Source source, std::size_t chunk_size, std::size_t headroom, std::size_t padding)
    : m_source(std::move(source)), m_chunk(chunk_size), m_headroom(headroom), m_padding(padding) {
  m_thread = std::thread([this] {
    ::pthread_setname_np(::pthread_self(), "leads-read");
    run();
  });
}

ReadAhead::~ReadAhead() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_changed.notify_all();
  m_thread.join();
}

ReadAhead::Buffer ReadAhead::make_buffer() const {
  Buffer buffer;
  buffer.bytes.reset(new char[m_headroom + m_chunk + m_padding]());
  buffer.capacity = m_chunk;
  return buffer;
}

void ReadAhead::run() {
  for (;;) {
    Buffer buffer;
    {
      std::unique_lock lock(m_mutex);
      m_changed.wait(lock, [&] { return m_stop || m_filled.size() < k_depth; });
      if (m_stop) {
        return;
      }
      if (!m_free.empty()) {
        buffer = std::move(m_free.back());
        m_free.pop_back();
      }
    }
    if (!buffer.bytes) {
      buffer = make_buffer();
    }
    std::exception_ptr error;
    buffer.size = 0;
    try {
      // A short read (a pipe, a slow disk) is handed on as it is.
      buffer.size = m_source(buffer.bytes.get() + m_headroom, buffer.capacity);
    } catch (...) {
      error = std::current_exception();
    }
    const bool end = error || buffer.size == 0;
    {
      std::lock_guard lock(m_mutex);
      m_error = error;
      m_filled.push_back(std::move(buffer));
    }
    m_changed.notify_all();
    if (end) {
      return;
    }
  }
}

ReadAhead::Buffer ReadAhead::next() {
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [&] { return !m_filled.empty(); });
  if (m_filled.size() == 1 && m_error) {
    // The failed read comes after every good one, and stays.
    std::rethrow_exception(m_error);
  }
  Buffer buffer = std::move(m_filled.front());
  m_filled.pop_front();
  m_changed.notify_all();
  if (buffer.size == 0) {
    // The end stays the end, if asked again (a buffer without bytes).
    m_filled.push_back(Buffer{});
  }
  return buffer;
}

void ReadAhead::recycle(Buffer buffer) {
  if (buffer.capacity != m_chunk || !buffer.bytes) {
    return;
  }
  std::lock_guard lock(m_mutex);
  if (m_free.size() < k_depth) {
    m_free.push_back(std::move(buffer));
  }
}

} // namespace leads::csv
