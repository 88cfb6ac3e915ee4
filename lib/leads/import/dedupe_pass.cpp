#include <leads/import/dedupe_pass.hpp>

#include <leads/csv/writer.hpp>
#include <leads/import/name_match.hpp>
#include <leads/import/run.hpp>
#include <leads/lead/fields.hpp>
#include <leads/lead/id.hpp>

namespace leads::import::detail {

namespace {

// Rows ahead whose table slots are fetched while the current row is handled.
constexpr std::size_t k_prefetch_distance = 8;

} // namespace

DedupePass::DedupePass(Run& run) : m_run(run), m_tables_at_start{run.index.size(), run.groups.size()} {}

void DedupePass::process(std::string& batch) {
  m_rows.clear();
  for (std::size_t offset = 0; offset < batch.size();) {
    offset = read_pending_row(batch, offset, m_rows.emplace_back());
  }
  for (std::size_t i = 0; i < m_rows.size() && i < k_prefetch_distance; ++i) {
    prefetch(m_rows[i]);
  }
  for (std::size_t i = 0; i < m_rows.size(); ++i) {
    if (i + k_prefetch_distance < m_rows.size()) {
      prefetch(m_rows[i + k_prefetch_distance]);
    }
    accept(m_rows[i]);
  }
  if (!m_tables_sized &&
      static_cast<std::size_t>(m_created + m_merged + m_other_shards) >= lead::k_table_sample) {
    size_tables();
  }
}

// Once the first rows are in: their new keys and leads a row, times the rows
// the inputs hold by the reading thread's bytes a record so far.
void DedupePass::size_tables() {
  m_tables_sized = true;
  const auto bytes = static_cast<double>(m_run.bytes_read.load(std::memory_order_relaxed));
  const auto records = static_cast<double>(m_run.records_read.load(std::memory_order_relaxed));
  if (m_run.input_bytes == 0 || bytes <= 0.0 || records <= 0.0) {
    return; // stdin: the tables grow as they must
  }
  const double rows_in_all = records / bytes * static_cast<double>(m_run.input_bytes);
  const auto rows = static_cast<double>(m_created + m_merged + m_other_shards);
  lead::reserve_for_load(m_run.index, m_run.groups, m_tables_at_start, rows / rows_in_all);
  // The names of the groups, as many (a little over the forecast, as the tables).
  const double done = rows / rows_in_all;
  if (done > 0.0 && done < 1.0) {
    const std::size_t now = m_run.name_prints.size();
    m_run.name_prints.reserve(now +
                              static_cast<std::size_t>(static_cast<double>(now - m_tables_at_start.groups) *
                                                       (1.0 / done - 1.0) * 1.03));
  }
}

void DedupePass::prefetch(const PendingRow& row) const {
  for (std::size_t k = 0; k < row.key_count; ++k) {
    m_run.index.prefetch(row.keys[k].hash);
  }
  m_run.groups.prefetch(row.lead_id ? *row.lead_id : row.new_id);
}

// The lead a row belongs to, if any, and the key that found it (in match);
// shared_phone: a lead its phone found but whose family name is another.
std::optional<std::uint32_t> DedupePass::find_lead(const PendingRow& p, bool has_email, char& match,
                                                   std::optional<std::uint32_t>& shared_phone) const {
  if (p.lead_id) {
    if (const auto group = m_run.groups.find(*p.lead_id)) {
      match = 'i';
      return group;
    }
  }
  for (std::size_t k = 0; k < p.key_count; ++k) {
    const lead::KeyKind kind = p.keys[k].kind;
    const auto group = m_run.index.find(p.keys[k].hash);
    if (!group) {
      continue;
    }
    // Colleagues share a phone (a switchboard) and namesakes a name and
    // company: those keys do not join a row to a lead with another email.
    // (A source id does: the system it comes from says it is the same person.)
    if (has_email && (kind == lead::KeyKind::phone || kind == lead::KeyKind::name) &&
        m_run.groups.has_email(*group)) {
      continue;
    }
    // Nor does a phone join two people whose names differ (Raj Patel and
    // Rahul Mehta on one office line), whichever of them came first: it
    // finds the first of them, and the others by phone and name.
    if (kind == lead::KeyKind::phone && !names_compatible(p.name, m_run.name_prints[*group])) {
      shared_phone = group;
      for (const bool family : {true, false}) {
        if ((family ? p.name.family : p.name.given) == 0) {
          continue;
        }
        const auto named = m_run.index.find(phone_of_name(p.keys[k].hash, p.name, family));
        if (named && names_compatible(p.name, m_run.name_prints[*named]) &&
            !(has_email && m_run.groups.has_email(*named))) {
          match = static_cast<char>(kind);
          return named;
        }
      }
      continue;
    }
    match = static_cast<char>(kind);
    return group;
  }
  return std::nullopt;
}

// The keys of a row that merges into `group` (found by `match`) but belong
// to another lead, as spill_defaults bits of the values the merge must not
// take. Only a lead id or an email can have found the lead while a later
// unique key belongs to another: a source id that finds a lead comes before
// a phone or a name, which are not unique.
std::uint8_t DedupePass::drop_conflicting_keys(const PendingRow& p, char match, std::uint32_t group) {
  if (match != 'i' && match != static_cast<char>(lead::KeyKind::email)) {
    return 0; // find_lead() has looked the unique keys up already: they found nothing else
  }
  std::uint8_t dropped = 0;
  for (std::size_t k = 0; k < p.key_count; ++k) {
    const lead::KeyKind kind = p.keys[k].kind;
    if ((kind != lead::KeyKind::email && kind != lead::KeyKind::external_id) ||
        static_cast<char>(kind) == match) {
      continue;
    }
    const auto owner = m_run.index.find(p.keys[k].hash);
    if (!owner || *owner == group) {
      continue;
    }
    dropped |= kind == lead::KeyKind::email ? spill_defaults::k_foreign_email
                                            : spill_defaults::k_foreign_external_id;
    if (m_first_conflicts.size() < k_listed_conflicts) {
      m_first_conflicts.push_back(
          {p.input, p.line, match, kind, m_run.groups.id(group), m_run.groups.id(*owner)});
    }
    ++m_conflicts;
  }
  return dropped;
}

void DedupePass::note_shared_phone(const PendingRow& p, std::uint32_t group) {
  ++m_shared_phones;
  if (m_first_shared_phones.size() >= k_listed_conflicts) {
    return;
  }
  // The row's phone and name, from its spilled line (a few rows: no hurry).
  SpillRecord record;
  record.read(std::string_view(p.spill, p.spill_size), 0);
  std::vector<std::string_view> values;
  std::string scratch;
  csv::split_row(record.line(), values, scratch);
  auto value = [&](Field field) {
    return field_index(field) < values.size() ? std::string(values[field_index(field)]) : std::string();
  };
  std::string name = value(Field::first_name);
  const std::string last = value(Field::last_name);
  name += name.empty() || last.empty() ? "" : " ";
  name += last;
  m_first_shared_phones.push_back({p.input, p.line, value(Field::phone), name, m_run.groups.id(group)});
}

void DedupePass::accept(PendingRow& p) {
  // The email key comes first: when it finds no lead, no lead has the row's email.
  const bool has_email = p.key_count > 0 && p.keys[0].kind == lead::KeyKind::email;
  char match = 0;
  std::uint32_t group = 0;
  std::uint8_t dropped = 0;
  std::optional<std::uint32_t> shared_phone;
  const auto found = find_lead(p, has_email, match, shared_phone);
  if (shared_phone && !found) { // a new lead, as no other of its keys found one
    note_shared_phone(p, *shared_phone);
  }
  if (found) {
    group = *found;
    // The lead takes the parts of the row's name it lacks.
    NamePrint& name = m_run.name_prints[group];
    name.family = name.family != 0 ? name.family : p.name.family;
    name.given = name.given != 0 ? name.given : p.name.given;
    dropped = drop_conflicting_keys(p, match, group);
    // A lead with an email that a row with another one merges into: one of
    // the two goes to other_emails (see write_leads()).
    if (has_email && match != static_cast<char>(lead::KeyKind::email) && m_run.groups.has_email(group) &&
        (dropped & spill_defaults::k_foreign_email) == 0 && m_run.index.find(p.keys[0].hash) != group) {
      m_emails_to_keep = true;
    }
    // Found by the source id, so the row's email found no lead: another than this one's.
    if (match == static_cast<char>(lead::KeyKind::external_id) && has_email &&
        m_run.groups.has_email(group)) {
      if (m_first_other_emails.size() < k_listed_conflicts) {
        m_first_other_emails.push_back({p.input, p.line, m_run.groups.id(group)});
      }
      ++m_other_emails;
    }
  } else {
    // The normalizing threads let a row without identity through only when it
    // names a stored lead. An id that is taken is followed by the identity's
    // ids: attempt 1 (the fallback of a given id; a derived one is attempt 1
    // itself, taken again), then 2, 3, ...
    unsigned attempt = 0;
    std::uint64_t id = p.new_id;
    while (m_run.groups.find(id)) {
      id = lead::lead_id_for(p.identity, ++attempt);
    }
    group = m_run.groups.add(id);
    m_run.name_prints.push_back(p.name);
  }
  const std::uint64_t id = m_run.groups.id(group);
  const bool kept = m_run.shard.contains(id);
  if (!kept) {
    ++m_other_shards;
  } else if (found) {
    ++m_merged;
  } else {
    ++m_created;
  }
  if (has_email && (dropped & spill_defaults::k_foreign_email) == 0) {
    m_run.groups.set_has_email(group);
  }
  for (std::size_t k = 0; k < p.key_count; ++k) {
    // A phone that is another lead's already: this one's by phone and name.
    if (m_run.index.insert(p.keys[k].hash, group) != group && p.keys[k].kind == lead::KeyKind::phone) {
      add_phone_of_name(m_run, p.keys[k].hash, group);
    }
  }
  if (m_run.spill && kept) {
    SpillEncoder::set_id(p.spill, id, m_sequence++, match);
    SpillEncoder::drop_values(p.spill, dropped);
    const unsigned bucket = SpillBuckets::bucket_of(id);
    m_run.buckets.buffer(bucket).append(p.spill, p.spill_size);
    m_run.buckets.appended(bucket);
  }
}

} // namespace leads::import::detail
