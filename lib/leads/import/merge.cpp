#include <leads/import/merge.hpp>

#include <leads/import/spill.hpp>
#include <leads/lead/fields.hpp>

#include <algorithm>

namespace leads::import {

namespace {

constexpr std::size_t k_stage = field_index(Field::stage);
constexpr std::size_t k_stage_at = field_index(Field::stage_at);
constexpr std::size_t k_created_at = field_index(Field::created_at);
constexpr std::size_t k_updated_at = field_index(Field::updated_at);

// Takes v's non-empty values into out: all of them (overwrite) or only where
// out is empty. A stage brings its stage_at: v's own; without one, the
// stage_at out has when the stage stays the same, and when it changes, v's
// updated_at (the source's last edit of v, by when the stage had changed) or
// else now_iso, as an import of v alone into a store holding out would give.
// A first stage without one stays without (new_lead_defaults dates it).
void take(const LeadValues& v, LeadValues& out, bool overwrite, std::string_view now_iso) {
  for (std::size_t c = 0; c < out.size() && c < v.size(); ++c) {
    if (v[c].empty() || c == k_stage_at || (!overwrite && !out[c].empty())) {
      continue;
    }
    if (c == k_stage) {
      const std::string_view own = v.size() > k_stage_at ? v[k_stage_at] : std::string_view();
      if (!own.empty() || out[k_stage].empty()) {
        out[k_stage_at] = own;
      } else if (out[k_stage] != v[k_stage]) {
        const std::string_view edited = v.size() > k_updated_at ? v[k_updated_at] : std::string_view();
        out[k_stage_at] = edited.empty() ? now_iso : edited;
      }
    }
    out[c] = v[c];
  }
}

std::string_view value_of(const LeadValues& v, std::size_t column, std::string_view otherwise) {
  return v.size() > column && !v[column].empty() ? v[column] : otherwise;
}

// newest's values, field by field from the latest edit that has one; stage
// and stage_at are newest_stage()'s.
void take_all_but_stage(const LeadValues& v, LeadValues& out) {
  for (std::size_t c = 0; c < out.size() && c < v.size(); ++c) {
    if (!v[c].empty() && c != k_stage && c != k_stage_at) {
      out[c] = v[c];
    }
  }
}

// newest's stage: that of the latest edit that has one. Its stage_at is what
// importing the versions one by one, in input order, would give (so that the
// two agree). Going back in edit time from that version, a version read
// later than the one the run has reached is old news (one by one, it lost to
// a newer edit already in) and changes nothing; one in the same stage moves
// the run's start back; one in another stage ends the run with a change,
// unless it was edited at the same time (rows of one export without edit
// times: one snapshot, its stage the last one read).
// stage_at is the own stage_at of the version that started the run; else,
// after a change, that version's edit time (by when the change had happened,
// or now_iso); else none (new_lead_defaults dates a new lead's first stage).
void newest_stage(std::span<const LeadValues* const> versions, std::span<const std::size_t> by_edit,
                  std::string_view now_iso, LeadValues& out) {
  auto stage_of = [&](std::size_t i) { return value_of(*versions[i], k_stage, ""); };
  auto edited = [&](std::size_t i) { return value_of(*versions[i], k_updated_at, now_iso); };
  std::size_t winner = versions.size();
  for (std::size_t k = by_edit.size(); k-- > 0;) {
    if (!stage_of(by_edit[k]).empty()) {
      winner = k;
      break;
    }
  }
  if (winner == versions.size()) {
    return; // no version has a stage
  }
  const std::string_view stage = stage_of(by_edit[winner]);
  std::size_t since = by_edit[winner]; // the version that began the run
  bool changed = false;
  for (std::size_t k = winner; k-- > 0;) {
    const std::size_t i = by_edit[k];
    const std::string_view other = stage_of(i);
    if (other.empty() || i > since) {
      continue; // no stage, or old news (edited earlier, read later): it changes nothing
    }
    if (other != stage && edited(i) == edited(since)) {
      continue; // edited at the same time: one snapshot, whose stage is the last one read
    }
    if (other != stage) {
      changed = true;
      break;
    }
    since = i;
  }
  out[k_stage] = stage;
  const std::string_view own = value_of(*versions[since], k_stage_at, "");
  out[k_stage_at] = !own.empty() ? own : changed ? edited(since) : "";
}

} // namespace

void fold_versions(MergePolicy policy, std::span<const LeadValues* const> versions, std::string_view now_iso,
                   LeadValues& out) {
  const std::size_t columns = out.size();
  std::fill(out.begin(), out.end(), std::string_view());
  if (versions.empty()) {
    return;
  }
  const LeadValues& first = *versions.front();
  for (std::size_t c = 0; c < columns && c < first.size(); ++c) {
    out[c] = first[c];
  }
  if (versions.size() == 1) {
    return;
  }
  switch (policy) {
  case MergePolicy::keep:
    return;
  case MergePolicy::fill:
    for (std::size_t i = 1; i < versions.size(); ++i) {
      take(*versions[i], out, false, now_iso);
    }
    return;
  case MergePolicy::newest: {
    auto updated = [&](const LeadValues* v) { return value_of(*v, k_updated_at, now_iso); };
    std::vector<std::size_t> order(versions.size()); // oldest edit first; on a tie, input order
    for (std::size_t i = 0; i < order.size(); ++i) {
      order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return updated(versions[a]) < updated(versions[b]);
    });
    std::fill(out.begin(), out.end(), std::string_view());
    std::string_view created;
    std::string_view latest;
    for (const std::size_t i : order) {
      take_all_but_stage(*versions[i], out);
      const std::string_view c = value_of(*versions[i], k_created_at, "");
      if (!c.empty() && (created.empty() || c < created)) {
        created = c;
      }
      latest = std::max(latest, updated(versions[i]));
    }
    newest_stage(versions, order, now_iso, out);
    out[field_index(Field::id)] = first[field_index(Field::id)];
    out[k_created_at] = created;
    out[k_updated_at] = latest;
    return;
  }
  }
}

void apply_opt_out(std::span<const LeadValues* const> versions, std::size_t first_row, bool allow_opt_in,
                   LeadValues& out) {
  constexpr std::size_t k_dnc = field_index(Field::do_not_contact);
  if (out.size() <= k_dnc) {
    return;
  }
  if (allow_opt_in) {
    for (std::size_t i = versions.size(); i-- > first_row;) {
      const std::string_view value = value_of(*versions[i], k_dnc, "");
      if (!value.empty()) {
        out[k_dnc] = value;
        return;
      }
    }
    return;
  }
  for (const LeadValues* version : versions) {
    if (value_of(*version, k_dnc, "") == "true") {
      out[k_dnc] = (*version)[k_dnc];
      return;
    }
  }
}

void fold_lead(MergePolicy policy, std::span<const LeadValues* const> versions, std::size_t first_row,
               bool allow_opt_in, std::string_view now_iso, LeadValues& out) {
  fold_versions(policy, versions, now_iso, out);
  apply_opt_out(versions, first_row, allow_opt_in, out);
}

std::uint8_t new_lead_defaults(std::span<std::string_view> values, std::string_view now_iso,
                               std::string_view first_stage) {
  std::string_view& created_at = values[field_index(Field::created_at)];
  std::string_view& stage = values[field_index(Field::stage)];
  std::string_view& stage_at = values[field_index(Field::stage_at)];
  std::string_view& updated_at = values[field_index(Field::updated_at)];
  std::uint8_t filled = 0;
  if (created_at.empty()) {
    created_at = now_iso;
    filled |= spill_defaults::k_created_at;
  }
  if (stage.empty()) {
    stage = first_stage;
    filled |= spill_defaults::k_stage;
    if (!stage_at.empty()) {
      stage_at = std::string_view();
      filled |= spill_defaults::k_own_stage_at;
    }
  }
  if (stage_at.empty()) {
    stage_at = created_at;
    filled |= spill_defaults::k_stage_at;
  }
  if (updated_at.empty()) {
    updated_at = now_iso;
    filled |= spill_defaults::k_updated_at;
  }
  return filled;
}

} // namespace leads::import
