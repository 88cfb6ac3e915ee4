#include <leads/report/history.hpp>

#include <leads/normalize/text.hpp>

#include <algorithm>
#include <bit>

namespace leads::report::detail {

History::History(const StageSet& stages, const LeadTable& leads, std::int64_t now,
                 std::array<std::int64_t, 2> starts, std::int64_t span_start, std::int64_t span_end)
    : leads(leads.rows.size()), m_stages(stages), m_leads(leads),
      m_now(now), m_starts{pack(starts[0]), pack(starts[1])}, m_span_start(span_start), m_span_end(span_end) {
  reasons.id("");
}

void History::enter(LeadHistory& lead, std::uint8_t stage, Time32 at) {
  lead.reached |= bit(stage);
  if ((m_stages.won & bit(stage)) != 0 && at < lead.first_won) {
    lead.first_won = at;
  }
}

void History::add(const EventRow& row) {
  if (row.at > m_now) {
    ++after_now;
    return;
  }
  if (row.kind == EventKind::owner) {
    return; // only the second pass reads owners
  }
  Event& e = m_batch[m_batched];
  e.at = row.at;
  e.lead_id = row.lead_id;
  e.lead_id_ok = row.lead_id_ok;
  e.line = row.line;
  e.kind = row.kind;
  e.to = k_no_stage;
  e.from = k_no_stage;
  e.text = 0;
  if (row.kind != EventKind::owner) {
    if (row.kind == EventKind::created && row.to.empty()) {
      e.to = k_pending_stage;
    } else {
      e.to = m_stages.find(row.to);
      if (e.to == k_no_stage) {
        e.to = k_unknown_stage;
        e.text = m_unknown_names.id(row.to);
      }
    }
    if (row.kind == EventKind::stage) {
      e.from = m_stages.find(row.from);
    }
    // The notes of an import's stage events name its input and line, not a reason.
    if (e.to < k_max_stages && (m_stages.exit & bit(e.to)) != 0 && row.actor != "import" &&
        e.at >= m_span_start && e.at < m_span_end) {
      e.text = reasons.id(text::trim(row.note));
    }
  }
  if (++m_batched == k_batch) {
    flush();
  }
}

void History::flush() {
  // Look the leads of the batch up in steps, each fetching ahead what the next needs.
  const IdIndex& index = m_leads.index;
  for (std::size_t i = 0; i < m_batched; ++i) {
    if (m_batch[i].lead_id_ok) {
      index.prefetch(m_batch[i].lead_id);
    }
  }
  for (std::size_t i = 0; i < m_batched; ++i) {
    if (m_batch[i].lead_id_ok) {
      index.prefetch_ids(m_batch[i].lead_id);
    }
  }
  const auto end = static_cast<std::int64_t>(leads.size());
  for (std::size_t i = 0; i < m_batched; ++i) {
    Event& e = m_batch[i];
    e.row = e.lead_id_ok ? index.find(e.lead_id) : -1;
    if (e.row >= 0 && e.row < end) {
      __builtin_prefetch(&leads[static_cast<std::size_t>(e.row)], 1);
    }
  }
  for (std::size_t i = 0; i < m_batched; ++i) {
    apply(m_batch[i]);
  }
  m_batched = 0;
}

void History::apply(const Event& e) {
  if (e.row < 0) {
    ++unknown_lead;
    return;
  }
  if (e.kind == EventKind::owner) {
    return;
  }
  if (e.to == k_unknown_stage) {
    ++unknown_stages[m_unknown_names.text(e.text)];
    return;
  }
  const auto index = static_cast<std::uint32_t>(e.row);
  LeadHistory& lead = leads[index];
  const std::uint8_t stage = e.to;
  const Time32 at = pack(e.at);
  if (e.kind == EventKind::stage) {
    // Strictly earlier: on equal times the first in the file is the earliest.
    if (at < lead.first_move) {
      lead.first_move = at;
      lead.first_move_from = e.from;
    }
  } else {
    lead.created = std::min(lead.created, at);
    if (stage == k_pending_stage) {
      lead.pending_created = std::min(lead.pending_created, at);
    }
  }
  if (stage != k_pending_stage) {
    enter(lead, stage, at);
  }
  for (std::size_t w = 0; w < m_starts.size(); ++w) {
    // At or after: on equal times the last in the file is the latest.
    if (at < m_starts[w] && at >= lead.start_at[w]) {
      lead.start_at[w] = at;
      lead.start_stage[w] = stage;
    }
  }
  if (e.at >= m_span_start && e.at < m_span_end) {
    Entry entry;
    entry.at = e.at;
    entry.line = e.line;
    entry.lead = index;
    entry.stage = stage;
    entry.from = e.from;
    entry.reason = e.text;
    entries.push_back(entry);
    m_sorted = false;
  }
}

void History::finish() {
  flush();
  const std::uint8_t first_stage = m_stages.size() == 0 ? k_no_stage : 0;
  for (std::size_t i = 0; i < leads.size(); ++i) {
    LeadHistory& lead = leads[i];
    const std::uint8_t now_stage = m_leads.rows[i].stage;
    if (lead.pending_created != k_never32) {
      // A created event without `to` starts where the lead was before its
      // first move, or where it is now if it never moved.
      std::uint8_t start = first_stage;
      if (lead.first_move == k_never32) {
        start = now_stage != k_no_stage ? now_stage : first_stage;
      } else if (lead.first_move_from != k_no_stage) {
        start = lead.first_move_from;
      }
      lead.created_stage = start;
      if (start != k_no_stage) {
        enter(lead, start, lead.pending_created);
      }
      for (std::uint8_t& stage : lead.start_stage) {
        stage = stage == k_pending_stage ? start : stage;
      }
    }
    if (now_stage != k_no_stage) {
      lead.reached |= bit(now_stage);
    }
  }
  for (Entry& entry : entries) {
    if (entry.stage == k_pending_stage) {
      entry.stage = leads[entry.lead].created_stage;
    }
  }
  std::erase_if(entries, [](const Entry& e) { return e.stage == k_no_stage; });
  sort_entries();
}

namespace {

bool entry_order(const Entry& a, const Entry& b) {
  return a.lead != b.lead ? a.lead < b.lead : a.at != b.at ? a.at < b.at : a.line < b.line;
}

} // namespace

void History::sort_entries() {
  flush();
  if (!m_sorted) {
    std::sort(entries.begin(), entries.end(), entry_order);
    m_sorted = true;
  }
}

void History::merge(History& later, long line_offset) {
  flush();
  later.flush();
  for (std::size_t i = 0; i < leads.size(); ++i) {
    LeadHistory& to = leads[i];
    const LeadHistory& from = later.leads[i];
    to.first_won = std::min(to.first_won, from.first_won);
    // Strictly earlier: on equal times this part, earlier in the file, keeps its own.
    if (from.first_move < to.first_move) {
      to.first_move = from.first_move;
      to.first_move_from = from.first_move_from;
    }
    to.created = std::min(to.created, from.created);
    to.pending_created = std::min(to.pending_created, from.pending_created);
    for (std::size_t w = 0; w < to.start_at.size(); ++w) {
      // At or after: on equal times the later part's is the latest.
      if (from.start_at[w] != k_none32 && from.start_at[w] >= to.start_at[w]) {
        to.start_at[w] = from.start_at[w];
        to.start_stage[w] = from.start_stage[w];
      }
    }
    to.reached |= from.reached;
  }
  std::vector<std::uint32_t> reason(later.reasons.size());
  for (std::uint32_t r = 0; r < reason.size(); ++r) {
    reason[r] = reasons.id(later.reasons.text(r));
  }
  for (Entry& e : later.entries) {
    e.line += line_offset;
    e.reason = reason[e.reason];
  }
  if (m_sorted && later.m_sorted) {
    // Both in order: the later part's lines come after, so that equal times keep file order.
    std::vector<Entry> both(entries.size() + later.entries.size());
    std::merge(entries.begin(), entries.end(), later.entries.begin(), later.entries.end(), both.begin(),
               entry_order);
    entries = std::move(both);
  } else {
    entries.insert(entries.end(), later.entries.begin(), later.entries.end());
    m_sorted = false;
  }
  unknown_lead += later.unknown_lead;
  after_now += later.after_now;
  for (const auto& [name, count] : later.unknown_stages) {
    unknown_stages[name] += count;
  }
  later.leads = {};
  later.entries = {};
}

Probes::Probes(const StageSet& stages, const LeadTable& leads, const History& history, std::int64_t now,
               std::vector<Probe> probes)
    : m_stages(stages), m_leads(leads), m_history(history), m_now(now), m_probes(std::move(probes)),
      m_filter(std::size_t{1} << (64 - k_filter_shift - 6), 0) {
  std::stable_sort(m_probes.begin(), m_probes.end(),
                   [](const Probe& a, const Probe& b) { return a.lead < b.lead; });
  // A table of at least twice as many slots as probed leads (ids are hashes: their top bits spread).
  const unsigned bits = static_cast<unsigned>(std::bit_width(m_probes.size() * 2 + 1));
  m_table.assign(std::size_t{1} << bits, Slot{});
  m_table_shift = 64 - bits;
  for (std::size_t i = 0; i < m_probes.size(); ++i) {
    Probe& probe = m_probes[i];
    const std::uint64_t id = leads.ids[probe.lead];
    const std::uint64_t top = id >> k_filter_shift;
    m_filter[top >> 6] |= std::uint64_t{1} << (top & 63);
    std::size_t slot = static_cast<std::size_t>(id >> m_table_shift);
    while (m_table[slot].end != 0 && m_table[slot].id != id) {
      slot = (slot + 1) & (m_table.size() - 1);
    }
    if (m_table[slot].end == 0) {
      m_table[slot] = {id, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + 1)};
    } else {
      m_table[slot].end = static_cast<std::uint32_t>(i + 1);
    }
    if (probe.kind != Probe::Kind::handoff) {
      probe.slots = static_cast<std::uint32_t>(m_slots);
      m_slots += probe.kind == Probe::Kind::stage ? 1 : stages.size();
    }
  }
}

Probes::Found Probes::start() const {
  Found found;
  found.latest.assign(m_slots, k_none);
  found.left.assign(m_probes.size(), k_never);
  found.owner_at.assign(m_probes.size(), k_none);
  found.owner.assign(m_probes.size(), 0);
  found.owners.id("");
  found.pending.reserve(k_batch);
  return found;
}

void Probes::merge(Found& into, const Found& later) const {
  for (std::size_t s = 0; s < into.latest.size(); ++s) {
    into.latest[s] = std::max(into.latest[s], later.latest[s]);
  }
  for (std::size_t p = 0; p < m_probes.size(); ++p) {
    into.left[p] = std::min(into.left[p], later.left[p]);
    // On equal times the later part's owner event is the last.
    if (later.owner_at[p] != k_none && later.owner_at[p] >= into.owner_at[p]) {
      into.owner_at[p] = later.owner_at[p];
      into.owner[p] = into.owners.id(later.owners.text(later.owner[p]));
    }
  }
}

void Probes::add(const EventRow& row, Found& found) const {
  if (row.kind == EventKind::other || row.at > m_now || !row.lead_id_ok || m_table.empty()) {
    return;
  }
  Found::Pending p{row.at, row.line, row.lead_id, 0, 0, row.kind, k_no_stage};
  if (row.kind == EventKind::owner) {
    p.owner = found.owners.id(row.to);
  } else {
    p.stage = row.kind == EventKind::created && row.to.empty() ? k_pending_stage : m_stages.find(row.to);
    if (p.stage == k_no_stage) {
      return;
    }
  }
  p.slot = static_cast<std::size_t>(row.lead_id >> m_table_shift);
  __builtin_prefetch(&m_table[p.slot]);
  found.pending.push_back(p);
  if (found.pending.size() == k_batch) {
    flush(found);
  }
}

void Probes::flush(Found& found) const {
  for (Found::Pending& p : found.pending) {
    while (m_table[p.slot].end != 0 && m_table[p.slot].id != p.id) {
      p.slot = (p.slot + 1) & (m_table.size() - 1);
    }
    if (m_table[p.slot].end != 0) {
      __builtin_prefetch(&m_probes[m_table[p.slot].first]);
    }
  }
  for (const Found::Pending& p : found.pending) {
    if (m_table[p.slot].end != 0) {
      look(p, found);
    }
  }
  found.pending.clear();
}

void Probes::look(const Found::Pending& row, Found& found) const {
  const std::size_t first = m_table[row.slot].first;
  const std::size_t last = m_table[row.slot].end;
  if (row.kind == EventKind::owner) {
    for (std::size_t i = first; i < last; ++i) {
      const Probe& probe = m_probes[i];
      // Before or at the entry; on equal times the last in the file.
      if (probe.kind == Probe::Kind::handoff && row.at <= probe.at && row.at >= found.owner_at[i]) {
        found.owner_at[i] = row.at;
        found.owner[i] = row.owner;
      }
    }
    return;
  }
  const std::uint8_t stage =
      row.stage == k_pending_stage ? m_history.leads[m_probes[first].lead].created_stage : row.stage;
  if (stage == k_no_stage) {
    return;
  }
  for (std::size_t i = first; i < last; ++i) {
    const Probe& probe = m_probes[i];
    switch (probe.kind) {
    case Probe::Kind::stage:
      if (stage == m_stages.before[probe.stage] && row.at <= probe.at) {
        found.latest[probe.slots] = std::max(found.latest[probe.slots], row.at);
      }
      break;
    case Probe::Kind::won:
    case Probe::Kind::closed:
      if (row.at <= probe.at && (m_stages.won & bit(stage)) == 0 &&
          (probe.kind == Probe::Kind::won || (m_stages.lost & bit(stage)) == 0)) {
        std::int64_t& slot = found.latest[probe.slots + stage];
        slot = std::max(slot, row.at);
      }
      break;
    case Probe::Kind::handoff:
      // The first move after the entry into the handoff stage, in time, then file order.
      if (row.kind == EventKind::stage &&
          (row.at > probe.at || (row.at == probe.at && row.line > probe.line))) {
        found.left[i] = std::min(found.left[i], row.at);
      }
      break;
    }
  }
}

} // namespace leads::report::detail
