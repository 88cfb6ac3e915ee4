#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace leads::import {

// Hands batches of bytes from one thread to another, at most `depth` in
// flight, and recycles their buffers. Either side can stop() it (after a
// failure); then push() and pop() return false at once.
class BatchQueue {
public:
  explicit BatchQueue(std::size_t depth = 4) : m_depth(depth) {}

  // An empty buffer to fill, with the capacity of an earlier batch when one is free.
  std::string take_buffer();
  // Queues a filled batch, waiting while the queue is full; false when stopped.
  bool push(std::string batch);
  // The next batch, waiting for one; false once finished and drained, or stopped.
  bool pop(std::string& batch);
  // Gives a consumed buffer back for reuse.
  void give_back(std::string buffer);
  // The producer has no more batches.
  void finish();
  void stop();

private:
  std::size_t m_depth;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<std::string> m_full;
  std::vector<std::string> m_free;
  bool m_finished = false;
  bool m_stopped = false;
};

} // namespace leads::import
