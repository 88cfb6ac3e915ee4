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
    auto updated = [&](const LeadValues* v) {
      const std::string_view at = v->size() > k_updated_at ? (*v)[k_updated_at] : std::string_view();
      return at.empty() ? now_iso : at;
    };
    std::vector<const LeadValues*> order(versions.begin(), versions.end());
    std::stable_sort(order.begin(), order.end(),
                     [&](const LeadValues* a, const LeadValues* b) { return updated(a) < updated(b); });
    std::fill(out.begin(), out.end(), std::string_view());
    std::string_view created;
    for (const LeadValues* v : order) {
      take(*v, out, true, now_iso);
      const std::string_view c = v->size() > k_created_at ? (*v)[k_created_at] : std::string_view();
      if (!c.empty() && (created.empty() || c < created)) {
        created = c;
      }
    }
    out[field_index(Field::id)] = first[field_index(Field::id)];
    out[k_created_at] = created;
    return;
  }
  }
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
