#pragma once

#include <leads/import/row_batch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace leads::import::detail {

struct Run;

// The dedupe side of phase 1, run on its own thread while other threads
// normalize: for each accepted row, in input order, finds its lead (by the
// lead id it names, then email, source id, phone, name; a phone or a name
// does not join a row to a lead with another email), or starts a new one
// with a fresh id; records the row's keys; and moves its spill record, with
// the id and sequence number filled in, to the spill buckets.
class DedupePass {
public:
  explicit DedupePass(Run& run) : m_run(run) {}

  // Dedupes a batch of pending rows (row_batch.hpp), the next in input order.
  void process(std::string& batch);

  long created() const { return m_created; }
  long merged() const { return m_merged; }

private:
  void prefetch(const PendingRow& row) const;
  void accept(PendingRow& row);
  std::optional<std::uint32_t> find_lead(const PendingRow& row, bool has_email, char& match) const;

  Run& m_run;
  std::vector<PendingRow> m_rows;
  long m_created = 0;
  long m_merged = 0;
  std::uint32_t m_sequence = 0;
};

} // namespace leads::import::detail
