#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace leads::parallel {

// Items flow from one producer through any of several workers to one
// consumer, which receives them in the order the producer submitted them
// (so that work done in parallel is consumed as if done in sequence). At most
// `depth` items are in flight at once, which bounds memory; consumed items
// are recycled with their buffers. Any side can stop() it after a failure:
// from then on every call returns at once (nullptr / false).
template <typename Item> class OrderedWork {
public:
  explicit OrderedWork(std::size_t depth) : m_depth(depth) {}

  // Producer: an item to fill (a recycled one when there is one), waiting
  // while `depth` items are in flight; nullptr once stopped.
  std::unique_ptr<Item> take() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_stopped || m_in_flight < m_depth; });
    if (m_stopped) {
      return nullptr;
    }
    ++m_in_flight;
    if (m_free.empty()) {
      return std::make_unique<Item>();
    }
    std::unique_ptr<Item> item = std::move(m_free.back());
    m_free.pop_back();
    return item;
  }

  // Producer: queues a filled item for the workers.
  void submit(std::unique_ptr<Item> item) {
    {
      std::lock_guard lock(m_mutex);
      m_jobs.emplace(m_submitted++, std::move(item));
    }
    m_changed.notify_all();
  }

  // Producer: there will be no more items.
  void finish() {
    {
      std::lock_guard lock(m_mutex);
      m_finished = true;
    }
    m_changed.notify_all();
  }

  // Worker: the next item to work on and its number; false when there is
  // none left (finished and drained) or once stopped.
  bool work(std::unique_ptr<Item>& item, std::uint64_t& number) {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_stopped || m_finished || !m_jobs.empty(); });
    if (m_stopped || m_jobs.empty()) {
      return false;
    }
    auto first = m_jobs.begin();
    number = first->first;
    item = std::move(first->second);
    m_jobs.erase(first);
    return true;
  }

  // Worker: item number `number` is ready for the consumer.
  void done(std::uint64_t number, std::unique_ptr<Item> item) {
    {
      std::lock_guard lock(m_mutex);
      m_done.emplace(number, std::move(item));
    }
    m_changed.notify_all();
  }

  // Consumer: the next item in submission order, waiting for it; nullptr
  // once every item has been consumed (after finish()) or once stopped.
  std::unique_ptr<Item> next() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] {
      return m_stopped || m_done.contains(m_consumed) || (m_finished && m_consumed == m_submitted);
    });
    const auto it = m_done.find(m_consumed);
    if (m_stopped || it == m_done.end()) {
      return nullptr;
    }
    std::unique_ptr<Item> item = std::move(it->second);
    m_done.erase(it);
    ++m_consumed;
    return item;
  }

  // Consumer: gives a consumed item back for reuse.
  void recycle(std::unique_ptr<Item> item) {
    {
      std::lock_guard lock(m_mutex);
      --m_in_flight;
      m_free.push_back(std::move(item));
    }
    m_changed.notify_all();
  }

  void stop() {
    {
      std::lock_guard lock(m_mutex);
      m_stopped = true;
    }
    m_changed.notify_all();
  }

private:
  std::size_t m_depth;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::map<std::uint64_t, std::unique_ptr<Item>> m_jobs; // submitted, not yet taken by a worker
  std::map<std::uint64_t, std::unique_ptr<Item>> m_done; // worked on, not yet consumed
  std::vector<std::unique_ptr<Item>> m_free;
  std::size_t m_in_flight = 0;
  std::uint64_t m_submitted = 0;
  std::uint64_t m_consumed = 0;
  bool m_finished = false;
  bool m_stopped = false;
};

} // namespace leads::parallel
