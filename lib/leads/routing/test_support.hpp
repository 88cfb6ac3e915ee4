#pragma once

// Stores, histories and handoff runs for the routing tests.

#include <leads/config/config.hpp>
#include <leads/lead/fields.hpp>
#include <leads/routing/router.hpp>
#include <leads/stages/event.hpp>

#include <fmt/format.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace leads::routing::testing {

// 2026-11-27T12:00:00Z
inline constexpr std::int64_t k_now = 1795780800;
inline constexpr std::int64_t k_day = 86400;

using Row = std::vector<std::string>;

inline const std::vector<std::string>& header() {
  static const std::vector<std::string> k_header(k_field_names.begin(), k_field_names.end());
  return k_header;
}

// A store row: the given fields, the others empty (do_not_contact false).
inline Row lead(std::string_view id, std::string_view email, std::string_view stage = "mql",
                std::string_view owner = "", std::string_view country = "") {
  Row row(k_field_count);
  row[field_index(Field::id)] = id;
  row[field_index(Field::email)] = email;
  row[field_index(Field::stage)] = stage;
  row[field_index(Field::owner)] = owner;
  row[field_index(Field::country)] = country;
  row[field_index(Field::do_not_contact)] = "false";
  return row;
}

inline std::string id_of(int n) {
  return fmt::format("{:016x}", n);
}

// n candidates in mql with ids from `first` up, each from its own company.
inline std::vector<Row> candidates(int n, int first = 1, std::string_view country = "DE") {
  std::vector<Row> rows;
  for (int i = first; i < first + n; ++i) {
    rows.push_back(lead(id_of(i), fmt::format("p{}@company{}.example", i, i), "mql", "", country));
  }
  return rows;
}

// An owner event as handoff writes it.
inline stages::Event owner_event(std::string at, std::string rep, std::string lead_id = "0000000000000000") {
  return {std::move(at), std::move(lead_id), "owner", "", std::move(rep), "leads", "rule 1"};
}

// One run of the handoff over a store and a history, as the command makes it.
struct Handoff {
  std::vector<std::string> owners;   // per store row: the owner after the run
  std::vector<Decision> decisions;   // per candidate, in id order
  std::vector<std::string> reasons;  // per left candidate
  std::vector<stages::Event> events; // written by the run
  std::vector<Row> store;            // after the run
  std::string summary;
  std::vector<std::pair<std::string, std::size_t>> left_reasons;

  // The reps the run handed leads to, in order.
  std::vector<std::string> sequence() const {
    std::vector<std::string> out;
    for (const auto& event : events) {
      if (event.kind == "owner") {
        out.push_back(event.to);
      }
    }
    return out;
  }
  // How many leads each rep got.
  std::map<std::string, int> counts() const {
    std::map<std::string, int> out;
    for (const auto& rep : sequence()) {
      ++out[rep];
    }
    return out;
  }
};

inline Handoff handoff(const config::Config& config, const std::vector<Row>& store,
                       const std::vector<stages::Event>& history, std::int64_t now = k_now) {
  Router router(config, header(),
                {now, "leads", std::string(config::routing_from_stage(config)), "leads.csv"});
  std::vector<std::string_view> views;
  for (const Row& row : store) {
    views.assign(row.begin(), row.end());
    router.add_lead(views);
  }
  for (const stages::Event& event : history) {
    auto fields = event.fields();
    router.add_event(fields);
  }
  Handoff out;
  for (const Row& row : store) {
    views.assign(row.begin(), row.end());
    if (router.is_candidate(views)) {
      Decision decision = router.route(views);
      router.apply(decision, views);
      for (auto& event : router.events(decision, row[field_index(Field::id)])) {
        out.events.push_back(std::move(event));
      }
      if (!decision.assigned) {
        out.reasons.push_back(decision.reason);
      }
      out.decisions.push_back(std::move(decision));
    }
    out.store.emplace_back(views.begin(), views.end());
    out.owners.emplace_back(views[field_index(Field::owner)]);
  }
  out.summary = router.summary();
  out.left_reasons = router.left_reasons();
  return out;
}

// The history after a run: what events.csv holds then.
inline std::vector<stages::Event> after(std::vector<stages::Event> history, const Handoff& run) {
  history.insert(history.end(), run.events.begin(), run.events.end());
  return history;
}

} // namespace leads::routing::testing
