#include <leads/report/history.hpp>

#include <leads/normalize/text.hpp>

#include <algorithm>

namespace leads::report::detail {

History::History(const StageSet& stages, const LeadTable& leads, std::int64_t now,
                 std::array<std::int64_t, 2> starts, std::int64_t span_start, std::int64_t span_end)
    : leads(leads.rows.size()), m_stages(stages), m_leads(leads), m_now(now), m_starts(starts),
      m_span_start(span_start), m_span_end(span_end) {
  reasons.id("");
}

void History::enter(LeadHistory& lead, std::uint8_t stage, std::int64_t at) {
  lead.reached |= bit(stage);
  if ((m_stages.won & bit(stage)) != 0 && at < lead.first_won) {
    lead.first_won = at;
  }
}

void History::keep(const EventRow& row, std::uint32_t lead, std::uint8_t stage, std::uint8_t from) {
  if (row.at < m_span_start || row.at >= m_span_end) {
    return;
  }
  Entry entry;
  entry.at = row.at;
  entry.line = row.line;
  entry.lead = lead;
  entry.stage = stage;
  entry.from = from;
  // The notes of an import's stage events name its input and line, not a reason.
  if (stage < k_max_stages && (m_stages.exit & bit(stage)) != 0 && row.actor != "import") {
    entry.reason = reasons.id(normalize::trim(row.note));
  }
  entries.push_back(entry);
}

void History::add(const EventRow& row) {
  ++rows;
  if (row.kind == EventKind::other) {
    return;
  }
  if (row.at > m_now) {
    ++after_now;
    return;
  }
  const std::int64_t found = row.lead_id_ok ? m_leads.index.find(row.lead_id) : -1;
  if (found < 0) {
    ++unknown_lead;
    return;
  }
  const auto index = static_cast<std::uint32_t>(found);
  LeadHistory& lead = leads[index];
  if (row.kind == EventKind::owner) {
    return;
  }
  std::uint8_t stage = k_pending_stage;
  if (row.kind == EventKind::stage || !row.to.empty()) {
    stage = m_stages.find(row.to);
    if (stage == k_no_stage) {
      ++unknown_stages[std::string(row.to)];
      return;
    }
  }
  std::uint8_t from = k_no_stage;
  if (row.kind == EventKind::stage) {
    from = m_stages.find(row.from);
    // Strictly earlier: on equal times the first in the file is the earliest.
    if (row.at < lead.first_move) {
      lead.first_move = row.at;
      lead.first_move_from = from;
    }
  } else {
    lead.created = std::min(lead.created, row.at);
    if (stage == k_pending_stage) {
      lead.pending_created = std::min(lead.pending_created, row.at);
    }
  }
  if (stage != k_pending_stage) {
    enter(lead, stage, row.at);
  }
  for (std::size_t w = 0; w < m_starts.size(); ++w) {
    // At or after: on equal times the last in the file is the latest.
    if (row.at < m_starts[w] && row.at >= lead.start_at[w]) {
      lead.start_at[w] = row.at;
      lead.start_stage[w] = stage;
    }
  }
  keep(row, index, stage, from);
}

void History::finish() {
  const std::uint8_t first_stage = m_stages.size() == 0 ? k_no_stage : 0;
  for (std::size_t i = 0; i < leads.size(); ++i) {
    LeadHistory& lead = leads[i];
    const std::uint8_t now_stage = m_leads.rows[i].stage;
    if (lead.pending_created != k_never) {
      // A created event without `to` starts where the lead was before its
      // first move, or where it is now if it never moved.
      std::uint8_t start = first_stage;
      if (lead.first_move == k_never) {
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
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.lead != b.lead ? a.lead < b.lead : a.at != b.at ? a.at < b.at : a.line < b.line;
  });
}

Probes::Probes(const StageSet& stages, const LeadTable& leads, const History& history, std::int64_t now,
               std::vector<Probe> probes, Interner& owners)
    : m_stages(stages), m_leads(leads), m_history(history), m_now(now), m_probes(std::move(probes)),
      m_probed(leads.rows.size(), false), m_owners(owners) {
  std::stable_sort(m_probes.begin(), m_probes.end(),
                   [](const Probe& a, const Probe& b) { return a.lead < b.lead; });
  for (Probe& probe : m_probes) {
    m_probed[probe.lead] = true;
    if (probe.kind != Probe::Kind::handoff) {
      probe.slots = static_cast<std::uint32_t>(m_latest.size());
      m_latest.resize(m_latest.size() + (probe.kind == Probe::Kind::stage ? 1 : stages.size()), k_none);
    }
  }
}

void Probes::entered(std::size_t first, std::size_t last, std::uint8_t stage, std::int64_t at) {
  for (std::size_t i = first; i < last; ++i) {
    Probe& probe = m_probes[i];
    switch (probe.kind) {
    case Probe::Kind::stage:
      if (stage == m_stages.before[probe.stage] && at <= probe.at) {
        m_latest[probe.slots] = std::max(m_latest[probe.slots], at);
      }
      break;
    case Probe::Kind::won:
    case Probe::Kind::closed:
      if (at <= probe.at && (m_stages.won & bit(stage)) == 0 &&
          (probe.kind == Probe::Kind::won || (m_stages.lost & bit(stage)) == 0)) {
        std::int64_t& slot = m_latest[probe.slots + stage];
        slot = std::max(slot, at);
      }
      break;
    case Probe::Kind::handoff:
      break;
    }
  }
}

void Probes::add(const EventRow& row) {
  if (row.kind == EventKind::other || row.at > m_now || !row.lead_id_ok) {
    return;
  }
  const std::int64_t found = m_leads.index.find(row.lead_id);
  if (found < 0 || !m_probed[static_cast<std::size_t>(found)]) {
    return;
  }
  const auto lead = static_cast<std::uint32_t>(found);
  auto range = std::equal_range(m_probes.begin(), m_probes.end(), lead, [](const auto& a, const auto& b) {
    if constexpr (std::is_same_v<std::decay_t<decltype(a)>, Probe>) {
      return a.lead < b;
    } else {
      return a < b.lead;
    }
  });
  const auto first = static_cast<std::size_t>(range.first - m_probes.begin());
  const auto last = static_cast<std::size_t>(range.second - m_probes.begin());
  if (row.kind == EventKind::owner) {
    for (std::size_t i = first; i < last; ++i) {
      Probe& probe = m_probes[i];
      // Before or at the entry; on equal times the last in the file.
      if (probe.kind == Probe::Kind::handoff && row.at <= probe.at && row.at >= probe.owner_at) {
        probe.owner_at = row.at;
        probe.owner = m_owners.id(row.to);
      }
    }
    return;
  }
  std::uint8_t stage = k_no_stage;
  if (row.kind == EventKind::created && row.to.empty()) {
    stage = m_history.leads[lead].created_stage;
  } else {
    stage = m_stages.find(row.to);
  }
  if (stage == k_no_stage) {
    return;
  }
  entered(first, last, stage, row.at);
  if (row.kind == EventKind::stage) {
    for (std::size_t i = first; i < last; ++i) {
      Probe& probe = m_probes[i];
      // The first move after the entry into the handoff stage, in time, then file order.
      const bool after = row.at > probe.at || (row.at == probe.at && row.line > probe.line);
      if (probe.kind == Probe::Kind::handoff && after) {
        probe.left = std::min(probe.left, row.at);
      }
    }
  }
}

} // namespace leads::report::detail
