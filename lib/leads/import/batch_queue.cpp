#include <leads/import/batch_queue.hpp>

namespace leads::import {

std::string BatchQueue::take_buffer() {
  std::lock_guard lock(m_mutex);
  if (m_free.empty()) {
    return {};
  }
  std::string buffer = std::move(m_free.back());
  m_free.pop_back();
  buffer.clear();
  return buffer;
}

bool BatchQueue::push(std::string batch) {
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [&] { return m_stopped || m_full.size() < m_depth; });
  if (m_stopped) {
    return false;
  }
  m_full.push_back(std::move(batch));
  m_changed.notify_all();
  return true;
}

bool BatchQueue::pop(std::string& batch) {
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [&] { return m_stopped || m_finished || !m_full.empty(); });
  if (m_stopped || m_full.empty()) {
    return false;
  }
  batch = std::move(m_full.front());
  m_full.pop_front();
  m_changed.notify_all();
  return true;
}

void BatchQueue::give_back(std::string buffer) {
  std::lock_guard lock(m_mutex);
  if (m_free.size() < m_depth + 1) {
    m_free.push_back(std::move(buffer));
  }
}

void BatchQueue::finish() {
  std::lock_guard lock(m_mutex);
  m_finished = true;
  m_changed.notify_all();
}

void BatchQueue::stop() {
  std::lock_guard lock(m_mutex);
  m_stopped = true;
  m_changed.notify_all();
}

} // namespace leads::import
