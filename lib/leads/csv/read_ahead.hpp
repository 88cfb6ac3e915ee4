#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace leads::csv {

// Reads an input ahead of its parser on a thread of its own, so that the
// kernel's copy of the bytes (a fifth of the time of a plain parse) overlaps
// the parsing. The thread fills buffers one chunk at a time, a few ahead at
// most; the parser takes them in order and may give them back for reuse.
//
// Each buffer has `headroom` bytes before its data, where the parser can put
// the unparsed end of the previous buffer (a record cut by the chunk edge), and
// `padding` readable bytes after it, for scans that read past the end.
class ReadAhead {
public:
  // Fills out with up to size bytes; returns how many, 0 at the end. May throw
  // (on the reading thread; the error reaches the parser in next()).
  using Source = std::function<std::size_t(char* out, std::size_t size)>;

  struct Buffer {
    std::unique_ptr<char[]> bytes; // headroom + capacity + padding
    std::size_t capacity = 0;      // room for data
    std::size_t size = 0;          // data read, after the headroom; 0 at the end of the input
  };

  ReadAhead(Source source, std::size_t chunk_size, std::size_t headroom, std::size_t padding);
  // Stops the thread (after the read it is in, if any) and waits for it.
  ~ReadAhead();
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  std::size_t headroom() const { return m_headroom; }
  // The next chunk of the input, in order; size 0 at the end (then its bytes
  // may be null). Rethrows what the source threw.
  Buffer next();
  // Gives back a buffer from next() (or one of the same shape) for reuse.
  void recycle(Buffer buffer);
  // Bytes of this shape, for a buffer the parser makes itself.
  Buffer make_buffer() const;

private:
  void run();

  Source m_source;
  std::size_t m_chunk;
  std::size_t m_headroom;
  std::size_t m_padding;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<Buffer> m_filled;
  std::vector<Buffer> m_free; // given back, for reuse
  std::exception_ptr m_error;
  bool m_stop = false;
  std::thread m_thread;
};

} // namespace leads::csv
