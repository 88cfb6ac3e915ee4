#include <leads/routing/router.hpp>

#include <leads/error.hpp>
#include <leads/expr/expr.hpp>
#include <leads/expr/functions.hpp>
#include <leads/normalize/date.hpp>
#include <leads/routing/text_index.hpp>
#include <leads/stages/graph.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>

namespace leads::routing {

namespace {

std::string_view cell(std::span<const std::string_view> row, std::size_t column) {
  return column < row.size() ? row[column] : std::string_view();
}

// A rule's `when` on one line, for notes: runs of white space become one space.
std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
    } else {
      if (space) {
        out += ' ';
        space = false;
      }
      out += c;
    }
  }
  return out;
}

// How many leads of a company domain each owner has.
struct OwnerCount {
  std::uint32_t owner = 0;
  std::uint32_t count = 0;
};

struct Account {
  OwnerCount first; // most domains have one owner: no allocation for them; count 0 = none yet
  std::vector<OwnerCount> more;

  void add(std::uint32_t owner) {
    if (first.count == 0) {
      first = {owner, 1};
      return;
    }
    if (first.owner == owner) {
      ++first.count;
      return;
    }
    for (OwnerCount& other : more) {
      if (other.owner == owner) {
        ++other.count;
        return;
      }
    }
    more.push_back({owner, 1});
  }
};

struct Rule {
  expr::Expression when;
  std::size_t team;
  std::string note; // "rule 1 (country in [...]) -> team americas, round_robin"
};

// Why a rep cannot take a lead today.
struct Unavailable {
  enum class Kind { none, away, full };
  Kind kind = Kind::none;
  Day until = 0;    // away
  int capacity = 0; // full
};

// A team's recent owner events, for its strategy.
struct TeamTurns {
  std::optional<std::size_t> last; // round_robin: the rep the last owner event named
  std::deque<std::size_t> window;  // weighted: the reps of the last cycle - 1 owner events
};

} // namespace

struct Router::Impl {
  RouterOptions options;
  stages::StageGraph graph;
  stages::StoreColumns columns;
  Roster roster;
  std::vector<Rule> rules;
  TextIndex free_mail;
  TextIndex rep_ids; // a rep's number is its roster index
  std::size_t from = 0;
  std::size_t handoff = 0;

  // Now.
  expr::Context context;
  std::string now_iso;
  Day today = 0;
  std::string today_text; // "YYYY-MM-DD", the start of today's events' `at`

  // Owners of leads, numbered: the owner column holds reps and, from CRM
  // exports, others.
  TextIndex owners;
  std::vector<std::optional<std::size_t>> owner_reps; // by owner number
  // Company email domains, numbered, and who owns their leads.
  TextIndex domains;
  std::vector<Account> accounts; // by domain number

  // By roster index.
  std::vector<std::size_t> open_load;
  std::vector<std::size_t> handed_today;
  std::vector<std::size_t> window_count; // in the rep's team's window
  std::vector<std::size_t> handed_run;
  std::vector<TeamTurns> turns; // by team
  std::size_t left_run = 0;
  std::map<std::string, std::size_t, std::less<>> left_reasons;
  // Leads in the from-stage that have an owner: when they entered it, and
  // when their last owner event was. One handed off before and sent back
  // since (recycled, then qualified again) is routed again; one whose owner
  // came from a CRM export (no owner event) keeps it.
  struct Returned {
    std::int64_t entered = 0;
    std::optional<std::int64_t> owned;
  };
  std::map<std::string, Returned, std::less<>> with_owner;
  std::string domain_scratch;

  // Whether a store row is in the stage leads are routed from (empty: the first stage).
  bool in_from_stage(std::span<const std::string_view> row) const {
    const std::string_view stage = row.size() > columns.stage ? row[columns.stage] : std::string_view();
    return stage == graph.name(from) || (stage.empty() && from == graph.first());
  }

  Impl(const config::Config& c, std::span<const std::string> header, RouterOptions o)
      : options(std::move(o)), graph(c), columns(stages::StoreColumns::of(header, options.store_file)),
        roster(c.routing) {
    const std::optional<std::size_t> from_index = graph.find(options.from_stage);
    const std::optional<std::size_t> handoff_index = graph.find(c.routing.handoff_stage);
    if (!from_index || !handoff_index) {
      const std::string& name = from_index ? c.routing.handoff_stage : options.from_stage;
      throw Error(ErrorKind::config, fmt::format("routing: {}", graph.unknown_stage_message(name)),
                  c.source.empty() ? "leads.yaml" : c.source, 0, 0,
                  fmt::format("stages are: {}", graph.names_text()));
    }
    from = *from_index;
    handoff = *handoff_index;
    compile_rules(c, header);
    if (auto it = c.lists.find("free_mail"); it != c.lists.end()) {
      for (const std::string& domain : it->second) {
        free_mail.intern(domain);
      }
    }
    for (const RosterRep& rep : roster.reps()) {
      rep_ids.intern(rep.name);
    }
    const std::size_t reps = roster.reps().size();
    open_load.assign(reps, 0);
    handed_today.assign(reps, 0);
    window_count.assign(reps, 0);
    handed_run.assign(reps, 0);
    turns.resize(roster.teams().size());
    set_now(options.now);
  }

  void compile_rules(const config::Config& config, std::span<const std::string> header) {
    expr::Schema schema{std::vector<std::string>(header.begin(), header.end()), config.lists};
    const std::string file = config.source.empty() ? "leads.yaml" : config.source;
    for (std::size_t i = 0; i < config.routing.rules.size(); ++i) {
      const config::RoutingRule& rule = config.routing.rules[i];
      expr::Origin origin{ErrorKind::config, file, rule.when_mark.line, rule.when_mark.column, {}};
      for (const config::Mark& at : rule.when_positions) {
        origin.positions.emplace_back(at.line, at.column);
      }
      const std::size_t team = *roster.find_team(rule.team); // the loader checked the name
      rules.push_back({expr::Expression::compile(rule.when, schema, origin), team,
                       fmt::format("rule {} ({}) -> team {}, {}", i + 1, one_line(rule.when), rule.team,
                                   strategy_name(roster.teams()[team].strategy))});
    }
  }

  void set_now(std::int64_t now) {
    const Day day = day_of(now);
    if (day != today) {
      std::fill(handed_today.begin(), handed_today.end(), 0);
    }
    context.now = now;
    now_iso = normalize::format_iso(now);
    today = day;
    today_text = format_day(day);
  }

  std::uint32_t owner_id(std::string_view name) {
    const std::uint32_t id = owners.intern(name);
    if (id == owner_reps.size()) {
      const std::optional<std::uint32_t> rep = rep_ids.find(name);
      owner_reps.push_back(rep ? std::optional<std::size_t>(*rep) : std::nullopt);
    }
    return id;
  }

  // The company domain of an email, or "" for none and for free mail.
  std::string_view company_domain(std::string_view email) {
    const std::string_view domain = expr::domain_of_email(email, domain_scratch);
    return domain.empty() || free_mail.find(domain) ? std::string_view() : domain;
  }

  // A lead left in the from-stage, for the counts.
  void leave(const Decision& decision) {
    ++left_run;
    ++left_reasons[decision.reason];
  }

  // The account of a company domain, made when new.
  Account& account_of(std::string_view domain) {
    const std::uint32_t id = domains.intern(domain);
    if (id == accounts.size()) {
      accounts.emplace_back();
    }
    return accounts[id];
  }

  const Account* find_account(std::string_view domain) const {
    const std::optional<std::uint32_t> id = domains.find(domain);
    return id ? &accounts[*id] : nullptr;
  }

  // The owner of most of an account's leads; ties go to the rep first in
  // routing.reps, then to the owner first by name.
  std::uint32_t account_owner(const Account& account) const {
    OwnerCount best = account.first;
    auto rank_before = [&](std::uint32_t a, std::uint32_t b) {
      const std::optional<std::size_t>& rep_a = owner_reps[a];
      const std::optional<std::size_t>& rep_b = owner_reps[b];
      if (rep_a && rep_b) {
        return *rep_a < *rep_b;
      }
      if (rep_a || rep_b) {
        return rep_a.has_value();
      }
      return owners.text(a) < owners.text(b);
    };
    for (const OwnerCount& other : account.more) {
      if (other.count > best.count || (other.count == best.count && rank_before(other.owner, best.owner))) {
        best = other;
      }
    }
    return best.owner;
  }

  Unavailable unavailable(std::size_t rep) const {
    const RosterRep& r = roster.reps()[rep];
    if (const std::optional<Day> until = r.away.until(today)) {
      return {Unavailable::Kind::away, *until, 0};
    }
    if (r.capacity_per_day && handed_today[rep] >= static_cast<std::size_t>(*r.capacity_per_day)) {
      return {Unavailable::Kind::full, 0, *r.capacity_per_day};
    }
    return {};
  }

  bool available(std::size_t rep) const { return unavailable(rep).kind == Unavailable::Kind::none; }

  // An owner event naming `rep`: the rep's team's turns move on.
  void record_turn(std::size_t rep) {
    const std::size_t team = roster.reps()[rep].team;
    TeamTurns& team_turns = turns[team];
    team_turns.last = rep;
    const std::uint64_t cycle = roster.teams()[team].cycle;
    if (cycle <= 1) {
      return;
    }
    team_turns.window.push_back(rep);
    ++window_count[rep];
    if (team_turns.window.size() > cycle - 1) {
      --window_count[team_turns.window.front()];
      team_turns.window.pop_front();
    }
  }

  std::optional<std::size_t> pick(std::size_t team_index) const {
    const RosterTeam& team = roster.teams()[team_index];
    const std::vector<std::size_t>& reps = team.reps;
    const TeamTurns& team_turns = turns[team_index];
    std::optional<std::size_t> best;
    switch (team.strategy) {
    case Strategy::round_robin: {
      std::size_t start = 0;
      if (team_turns.last) {
        start =
            static_cast<std::size_t>(std::find(reps.begin(), reps.end(), *team_turns.last) - reps.begin()) +
            1;
      }
      for (std::size_t k = 0; k < reps.size(); ++k) {
        const std::size_t rep = reps[(start + k) % reps.size()];
        if (available(rep)) {
          return rep;
        }
      }
      return std::nullopt;
    }
    case Strategy::weighted: {
      // The largest deficit share/cycle x (n + 1) - given, over the window of
      // the last cycle - 1 events and this lead; in whole numbers, times cycle.
      const auto n = static_cast<std::int64_t>(team_turns.window.size());
      const auto cycle = static_cast<std::int64_t>(team.cycle);
      std::int64_t best_deficit = 0;
      for (std::size_t rep : reps) {
        if (!available(rep)) {
          continue;
        }
        const std::int64_t deficit = static_cast<std::int64_t>(roster.reps()[rep].share) * (n + 1) -
                                     static_cast<std::int64_t>(window_count[rep]) * cycle;
        if (!best || deficit > best_deficit) {
          best = rep;
          best_deficit = deficit;
        }
      }
      return best;
    }
    case Strategy::least_loaded:
      for (std::size_t rep : reps) {
        if (!available(rep)) {
          continue;
        }
        if (!best || open_load[rep] < open_load[*best] ||
            (open_load[rep] == open_load[*best] && handed_today[rep] < handed_today[*best])) {
          best = rep;
        }
      }
      return best;
    }
    return std::nullopt;
  }

  // "team emea: ana away until 2026-12-31, ben at capacity 25"
  std::string nobody_in(std::size_t team_index) const {
    const RosterTeam& team = roster.teams()[team_index];
    if (team.reps.empty()) {
      return fmt::format("team {} has no reps in routing.reps", team.name);
    }
    std::string out = fmt::format("team {}:", team.name);
    for (std::size_t i = 0; i < team.reps.size(); ++i) {
      const std::size_t rep = team.reps[i];
      const Unavailable why = unavailable(rep);
      out += fmt::format("{} {} ", i == 0 ? "" : ",", roster.reps()[rep].name);
      out += why.kind == Unavailable::Kind::away ? fmt::format("away until {}", format_day(why.until))
                                                 : fmt::format("at capacity {}", why.capacity);
    }
    return out;
  }

  void assign(Decision& decision, std::size_t rep, std::string_view domain) {
    decision.assigned = true;
    decision.rep = rep;
    decision.team = roster.reps()[rep].team;
    ++handed_today[rep];
    ++handed_run[rep];
    if (graph.is_open(handoff)) {
      ++open_load[rep];
    }
    record_turn(rep);
    if (!domain.empty()) {
      account_of(domain).add(owner_id(roster.reps()[rep].name));
    }
  }
};

Router::Router(const config::Config& config, std::span<const std::string> header, RouterOptions options)
    : m_impl(std::make_unique<Impl>(config, header, std::move(options))) {}

Router::~Router() = default;

void Router::add_lead(std::span<const std::string_view> row) {
  Impl& impl = *m_impl;
  const stages::StoreColumns& c = impl.columns;
  const std::string_view owner = cell(row, c.owner);
  if (owner.empty()) {
    return;
  }
  if (impl.in_from_stage(row)) {
    if (const std::optional<std::int64_t> entered = normalize::parse_iso(cell(row, c.stage_at))) {
      impl.with_owner.emplace(std::string(cell(row, c.id)), Impl::Returned{*entered, std::nullopt});
    }
  }
  const std::uint32_t id = impl.owner_id(owner);
  if (const std::optional<std::size_t>& rep = impl.owner_reps[id]) {
    // A stage leads.yaml does not know is not known to be closed: it counts as open.
    const std::optional<std::size_t> stage = impl.graph.current(cell(row, c.stage));
    if (!stage || impl.graph.is_open(*stage)) {
      ++impl.open_load[*rep];
    }
  }
  const std::string_view domain = impl.company_domain(cell(row, c.email));
  if (!domain.empty()) {
    impl.account_of(domain).add(id);
  }
}

void Router::add_event(std::span<const std::string_view> event) {
  Impl& impl = *m_impl;
  if (event.size() < k_event_columns.size() || event[2] != "owner") {
    return;
  }
  if (const auto lead = impl.with_owner.find(event[1]); lead != impl.with_owner.end()) {
    if (const std::optional<std::int64_t> at = normalize::parse_iso(event[0])) {
      lead->second.owned = std::max(lead->second.owned.value_or(*at), *at);
    }
  }
  const std::optional<std::uint32_t> rep = impl.rep_ids.find(event[4]);
  if (!rep) {
    return;
  }
  if (event[0].starts_with(impl.today_text)) {
    ++impl.handed_today[*rep];
  }
  impl.record_turn(*rep);
}

bool Router::is_candidate(std::span<const std::string_view> row) const {
  const Impl& impl = *m_impl;
  const stages::StoreColumns& c = impl.columns;
  if (cell(row, c.do_not_contact) == "true" || !impl.in_from_stage(row)) {
    return false;
  }
  if (cell(row, c.owner).empty()) {
    return true;
  }
  const auto lead = impl.with_owner.find(cell(row, c.id));
  return lead != impl.with_owner.end() && lead->second.owned && *lead->second.owned < lead->second.entered;
}

Decision Router::route(std::span<const std::string_view> row) {
  Impl& impl = *m_impl;
  Decision decision;
  std::string fell_through; // why the account's owner did not get the lead
  const std::string_view domain = impl.company_domain(cell(row, impl.columns.email));
  if (!domain.empty()) {
    if (const Account* account = impl.find_account(domain)) {
      const std::uint32_t owner = impl.account_owner(*account);
      const std::string_view name = impl.owners.text(owner);
      if (const std::optional<std::size_t> rep = impl.owner_reps[owner]) {
        const Unavailable why = impl.unavailable(*rep);
        if (why.kind == Unavailable::Kind::none) {
          impl.assign(decision, *rep, domain);
          decision.how = "account";
          decision.note = fmt::format("account {}", domain);
          return decision;
        }
        fell_through =
            why.kind == Unavailable::Kind::away
                ? fmt::format("account {} owner {} is away until {}", domain, name, format_day(why.until))
                : fmt::format("account {} owner {} has reached capacity {} today", domain, name,
                              why.capacity);
      } else {
        fell_through = fmt::format("account {} owner {} is not a rep in routing.reps", domain, name);
      }
    }
  }
  auto with_account = [&](std::string text) {
    return fell_through.empty() ? text : fmt::format("{}; {}", text, fell_through);
  };
  for (std::size_t i = 0; i < impl.rules.size(); ++i) {
    const Rule& rule = impl.rules[i];
    if (!rule.when.matches(row, impl.context)) {
      continue;
    }
    decision.rule = i;
    decision.team = rule.team;
    if (const std::optional<std::size_t> rep = impl.pick(rule.team)) {
      impl.assign(decision, *rep, domain);
      decision.how = fmt::format("rule {}", i + 1);
      decision.note = with_account(rule.note);
      return decision;
    }
    decision.reason = with_account(impl.nobody_in(rule.team));
    impl.leave(decision);
    return decision;
  }
  decision.reason = with_account("no routing rule matches");
  impl.leave(decision);
  return decision;
}

bool Router::apply(const Decision& decision, std::span<std::string_view> row) const {
  const Impl& impl = *m_impl;
  const stages::StoreColumns& c = impl.columns;
  if (!decision.assigned || row.size() < c.width()) {
    return false;
  }
  row[c.owner] = impl.roster.reps()[decision.rep].name;
  row[c.stage] = impl.graph.name(impl.handoff);
  row[c.stage_at] = impl.now_iso;
  row[c.updated_at] = impl.now_iso;
  return true;
}

std::vector<stages::Event> Router::events(const Decision& decision, std::string_view lead_id,
                                          std::string_view previous_owner) const {
  const Impl& impl = *m_impl;
  if (!decision.assigned) {
    return {};
  }
  const std::string& rep = impl.roster.reps()[decision.rep].name;
  std::string id(lead_id);
  return {{impl.now_iso, id, "owner", std::string(previous_owner), rep, impl.options.actor, decision.note},
          {impl.now_iso, id, "stage", impl.graph.name(impl.from), impl.graph.name(impl.handoff),
           impl.options.actor, ""}};
}

void Router::set_now(std::int64_t now) {
  m_impl->set_now(now);
}

const Roster& Router::roster() const {
  return m_impl->roster;
}

const stages::StoreColumns& Router::columns() const {
  return m_impl->columns;
}

const std::string& Router::from_stage() const {
  return m_impl->graph.name(m_impl->from);
}

const std::vector<std::size_t>& Router::handed_this_run() const {
  return m_impl->handed_run;
}

std::size_t Router::left_this_run() const {
  return m_impl->left_run;
}

std::vector<std::pair<std::string, std::size_t>> Router::left_reasons() const {
  std::vector<std::pair<std::string, std::size_t>> out(m_impl->left_reasons.begin(),
                                                       m_impl->left_reasons.end());
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

std::string Router::summary() const {
  const Impl& impl = *m_impl;
  std::size_t total = 0;
  std::string per_rep;
  for (std::size_t rep = 0; rep < impl.handed_run.size(); ++rep) {
    if (impl.handed_run[rep] > 0) {
      total += impl.handed_run[rep];
      per_rep += fmt::format("{}{} {}", per_rep.empty() ? "" : ", ", impl.roster.reps()[rep].name,
                             impl.handed_run[rep]);
    }
  }
  return fmt::format("handed off {}{}; {} left in {}", total,
                     per_rep.empty() ? "" : fmt::format(" ({})", per_rep), impl.left_run,
                     impl.graph.name(impl.from));
}

} // namespace leads::routing
