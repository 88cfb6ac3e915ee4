#include <leads/parallel/ordered_work.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using leads::parallel::OrderedWork;

namespace {

struct Item {
  int value = 0;
  int squared = 0;
};

// Workers that take longer on some items than on others, so that they finish out of order.
std::vector<std::thread> start_workers(OrderedWork<Item>& work, int count) {
  std::vector<std::thread> workers;
  for (int w = 0; w < count; ++w) {
    workers.emplace_back([&work] {
      std::unique_ptr<Item> item;
      std::uint64_t number = 0;
      while (work.work(item, number)) {
        if (item->value % 3 == 0) {
          std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        item->squared = item->value * item->value;
        work.done(number, std::move(item));
      }
    });
  }
  return workers;
}

} // namespace

TEST_CASE("parallel::OrderedWork hands items to the consumer in submission order") {
  constexpr int k_items = 500;
  OrderedWork<Item> work(6);
  std::vector<std::thread> workers = start_workers(work, 4);
  std::vector<int> consumed;
  std::atomic<int> in_flight{0};
  std::atomic<int> most_in_flight{0};
  std::thread consumer([&] {
    while (std::unique_ptr<Item> item = work.next()) {
      CHECK(item->squared == item->value * item->value);
      consumed.push_back(item->value);
      --in_flight;
      work.recycle(std::move(item));
    }
  });
  for (int i = 0; i < k_items; ++i) {
    std::unique_ptr<Item> item = work.take();
    REQUIRE(item);
    const int now = ++in_flight;
    most_in_flight = std::max(most_in_flight.load(), now);
    item->value = i;
    work.submit(std::move(item));
  }
  work.finish();
  consumer.join();
  for (std::thread& worker : workers) {
    worker.join();
  }
  REQUIRE(consumed.size() == k_items);
  for (int i = 0; i < k_items; ++i) {
    CHECK(consumed[static_cast<std::size_t>(i)] == i);
  }
  CHECK(most_in_flight.load() <= 6);
}

TEST_CASE("parallel::OrderedWork stops every side at once") {
  OrderedWork<Item> work(2);
  std::vector<std::thread> workers = start_workers(work, 2);
  // The producer fills the pipeline; nobody consumes, so a third take() would wait.
  for (int i = 0; i < 2; ++i) {
    std::unique_ptr<Item> item = work.take();
    REQUIRE(item);
    item->value = i;
    work.submit(std::move(item));
  }
  std::thread producer([&] { CHECK_FALSE(work.take()); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  work.stop();
  producer.join();
  for (std::thread& worker : workers) {
    worker.join();
  }
  CHECK_FALSE(work.next());
}

TEST_CASE("parallel::OrderedWork with nothing submitted") {
  OrderedWork<Item> work(4);
  std::vector<std::thread> workers = start_workers(work, 3);
  work.finish();
  CHECK_FALSE(work.next());
  for (std::thread& worker : workers) {
    worker.join();
  }
}
