#pragma once

#include <leads/import/batch_queue.hpp>
#include <leads/import/row_batch.hpp>

#include <vector>

namespace leads::import::detail {

struct Run;

// The dedupe side of phase 1, run on its own thread while the reading thread
// normalizes: for each accepted row, in input order, finds its lead (by the
// lead id it names, then email, source id, phone, name), or starts a new one
// with a fresh id; records the row's keys; and moves its spill record, with
// the id filled in, to the spill buckets.
class DedupePass {
public:
  explicit DedupePass(Run& run) : m_run(run) {}

  // Consumes batches until the queue is finished or stopped.
  void consume(BatchQueue& queue);

  long created() const { return m_created; }
  long merged() const { return m_merged; }

private:
  struct Row {
    PendingRow pending;
    std::array<std::uint64_t, 4> hashes;
    std::uint64_t new_id;
  };

  void process(std::string& batch);
  void prefetch(const Row& row) const;
  void accept(Row& row);

  Run& m_run;
  std::vector<Row> m_rows;
  long m_created = 0;
  long m_merged = 0;
};

} // namespace leads::import::detail
