#include <leads/import/dedupe_pass.hpp>

#include <leads/import/lead_id.hpp>
#include <leads/import/run.hpp>

namespace leads::import::detail {

namespace {

// Rows ahead whose table slots are fetched while the current row is handled.
constexpr std::size_t k_prefetch_distance = 8;

} // namespace

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
}

void DedupePass::prefetch(const PendingRow& row) const {
  for (std::size_t k = 0; k < row.key_count; ++k) {
    m_run.index.prefetch(row.keys[k].hash);
  }
  m_run.groups.prefetch(row.lead_id ? *row.lead_id : row.new_id);
}

void DedupePass::accept(PendingRow& p) {
  std::optional<std::uint32_t> group;
  char match = 0;
  if (p.lead_id) {
    group = m_run.groups.find(*p.lead_id);
    match = group ? 'i' : 0;
  }
  for (std::size_t k = 0; k < p.key_count && !group; ++k) {
    group = m_run.index.find(p.keys[k].hash);
    match = group ? static_cast<char>(p.keys[k].kind) : 0;
  }
  if (group) {
    ++m_merged;
  } else {
    // The normalizing threads let a row without identity through only when it names a stored lead.
    unsigned attempt = 1;
    std::uint64_t id = p.new_id;
    while (m_run.groups.find(id)) {
      id = lead_id_for(p.identity, ++attempt);
    }
    group = m_run.groups.add(id);
    ++m_created;
  }
  for (std::size_t k = 0; k < p.key_count; ++k) {
    m_run.index.insert(p.keys[k].hash, *group);
  }
  if (m_run.spill) {
    const std::uint64_t id = m_run.groups.id(*group);
    SpillEncoder::set_id(p.spill, id, m_sequence++, match);
    const unsigned bucket = SpillBuckets::bucket_of(id);
    m_run.buckets.buffer(bucket).append(p.spill, p.spill_size);
    m_run.buckets.appended(bucket);
  }
}

} // namespace leads::import::detail
