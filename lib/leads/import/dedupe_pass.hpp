#pragma once

#include <leads/import/dedupe_index.hpp>
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
  explicit DedupePass(Run& run);

  // Dedupes a batch of pending rows (row_batch.hpp), the next in input order.
  void process(std::string& batch);

  long created() const { return m_created; }
  long merged() const { return m_merged; }

  // A row whose email (or lead id) finds one lead and whose source id
  // another: it merges into the first without taking the source id, so
  // that no two leads share one.
  struct SourceIdConflict {
    std::uint16_t input = 0;
    std::uint32_t line = 0;
    char match = 0;          // the key that found the lead ('e' or 'i')
    std::uint64_t lead = 0;  // the lead it merged into
    std::uint64_t owner = 0; // the lead whose source id it names
  };
  long source_id_conflicts() const { return m_source_id_conflicts; }
  // The first few of them, in input order.
  const std::vector<SourceIdConflict>& first_source_id_conflicts() const { return m_first_conflicts; }
  static constexpr std::size_t k_listed_conflicts = 10;

private:
  void prefetch(const PendingRow& row) const;
  void size_tables();
  void accept(PendingRow& row);
  std::optional<std::uint32_t> find_lead(const PendingRow& row, bool has_email, char& match) const;
  std::optional<std::uint32_t> source_id_owner(const PendingRow& row, std::uint32_t group) const;

  Run& m_run;
  std::vector<PendingRow> m_rows;
  long m_created = 0;
  long m_merged = 0;
  long m_source_id_conflicts = 0;
  std::vector<SourceIdConflict> m_first_conflicts;
  std::uint32_t m_sequence = 0;
  TableSizes m_tables_at_start; // before the first row (the store's keys and leads)
  bool m_tables_sized = false;
};

} // namespace leads::import::detail
