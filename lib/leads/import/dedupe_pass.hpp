#pragma once

#include <leads/import/row_batch.hpp>
#include <leads/lead/dedupe_index.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace leads::import::detail {

struct Run;

// The dedupe side of phase 1, run on its own thread while other threads
// normalize: for each accepted row, in input order, finds its lead (by the
// lead id it names, then email, source id, phone, name; a phone or a name
// does not join a row to a lead with another email, nor a phone to a lead
// with another family name), or starts a new one
// with a fresh id; records the row's keys; and moves its spill record, with
// the id and sequence number filled in, to the spill buckets.
class DedupePass {
public:
  explicit DedupePass(Run& run);

  // Dedupes a batch of pending rows (row_batch.hpp), the next in input order.
  void process(std::string& batch);

  long created() const { return m_created; }
  long merged() const { return m_merged; }
  // Rows of leads in other shards than Options::shard: their keys are
  // recorded (later rows find their lead), but they are not spilled.
  long other_shards() const { return m_other_shards; }

  // A row that names two leads: its lead id, email or source id finds one
  // (the first that finds any, in that order), and a later one of those
  // keys another. It merges into the first without taking the other's key,
  // so that no two leads share an email or a source id.
  struct Conflict {
    std::uint16_t input = 0;
    std::uint32_t line = 0;
    char match = 0;          // the key that found the lead ('i', 'e')
    lead::KeyKind key{};     // the key that names another lead (email or external_id)
    std::uint64_t lead = 0;  // the lead it merged into
    std::uint64_t owner = 0; // the lead the key belongs to
  };
  long conflicts() const { return m_conflicts; }
  // The first few of them, in input order.
  const std::vector<Conflict>& first_conflicts() const { return m_first_conflicts; }
  static constexpr std::size_t k_listed_conflicts = 10;

  // A row found by its source id alone whose email is another than the
  // lead's: the person's email changed, or the "source id" is none (row
  // numbers, or another system's ids) and two people became one. The lead
  // keeps one email (and the other in other_emails).
  struct OtherEmail {
    std::uint16_t input = 0;
    std::uint32_t line = 0;
    std::uint64_t lead = 0;
  };
  long other_emails() const { return m_other_emails; }
  // Whether a row merged into a lead that has another email than the row's:
  // phase 2 keeps the one the lead does not take in its other_emails column.
  bool emails_to_keep() const { return m_emails_to_keep; }
  // The first few of them, in input order.
  const std::vector<OtherEmail>& first_other_emails() const { return m_first_other_emails; }

  // A row whose phone found a lead with another family name (name_match.hpp):
  // not joined to it, so a new lead (or another one its other keys found).
  struct SharedPhone {
    std::uint16_t input = 0;
    std::uint32_t line = 0;
    std::string phone;
    std::string name;       // the row's
    std::uint64_t lead = 0; // the lead with that phone
  };
  long shared_phones() const { return m_shared_phones; }
  // The first few of them, in input order.
  const std::vector<SharedPhone>& first_shared_phones() const { return m_first_shared_phones; }

private:
  void prefetch(const PendingRow& row) const;
  void size_tables();
  void accept(PendingRow& row);
  std::optional<std::uint32_t> find_lead(const PendingRow& row, bool has_email, char& match,
                                         std::optional<std::uint32_t>& shared_phone) const;
  void note_shared_phone(const PendingRow& row, std::uint32_t group);
  std::uint8_t drop_conflicting_keys(const PendingRow& row, char match, std::uint32_t group);

  Run& m_run;
  std::vector<PendingRow> m_rows;
  long m_created = 0;
  long m_merged = 0;
  long m_other_shards = 0;
  long m_conflicts = 0;
  std::vector<Conflict> m_first_conflicts;
  long m_other_emails = 0;
  std::vector<OtherEmail> m_first_other_emails;
  bool m_emails_to_keep = false;
  long m_shared_phones = 0;
  std::vector<SharedPhone> m_first_shared_phones;
  std::uint32_t m_sequence = 0;
  lead::TableSizes m_tables_at_start; // before the first row (the store's keys and leads)
  bool m_tables_sized = false;
};

} // namespace leads::import::detail
