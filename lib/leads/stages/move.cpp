#include <leads/stages/move.hpp>

#include <leads/error.hpp>
#include <leads/normalize/date.hpp>
#include <leads/normalize/email.hpp>
#include <leads/normalize/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace leads::stages {

namespace {

// Hashes std::string and std::string_view alike: store cells are looked up
// without a copy.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

template <typename Value> using TextMap = std::unordered_map<std::string, Value, TextHash, std::equal_to<>>;
using TextSet = std::unordered_set<std::string, TextHash, std::equal_to<>>;

bool is_hex_id(std::string_view text) {
  return text.size() == 16 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

std::string_view cell(std::span<const std::string_view> row, std::size_t column) {
  return column < row.size() ? row[column] : std::string_view();
}

// A target as given, and the key it is looked up by.
struct Target {
  enum class Kind { id, email, invalid };
  Kind kind = Kind::invalid;
  std::string key;
};

// A key that targets name: the first target that named it, and whether a lead has it.
struct Key {
  std::size_t first_target = 0;
  bool found = false;
};

} // namespace

void read_targets(std::string_view text, std::vector<std::string>& out) {
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    const std::string_view line = text::trim(text.substr(0, end));
    text.remove_prefix(std::min(end + 1, text.size()));
    if (!line.empty() && line.front() != '#') {
      out.emplace_back(line);
    }
  }
}

struct MovePlan::Impl {
  const StageGraph& graph;
  MoveRequest request;
  StoreColumns columns;
  std::size_t to = 0;
  std::string now_iso;
  bool reason_given = false;
  std::vector<std::string> given;
  std::vector<Target> targets;
  TextMap<Key> ids;
  TextMap<Key> emails;
  TextSet moved;
  std::size_t width = 0; // a row must have this many fields to be rewritten
  bool finished = false;
  bool proceeds = false;

  Impl(const StageGraph& g, MoveRequest r, StoreColumns c) : graph(g), request(std::move(r)), columns(c) {}

  // The key a row matches, marked found; nullptr when it matches none.
  Key* match(TextMap<Key>& keys, std::string_view value) {
    if (keys.empty() || value.empty()) {
      return nullptr;
    }
    auto it = keys.find(value);
    if (it == keys.end()) {
      return nullptr;
    }
    it->second.found = true;
    return &it->second;
  }

  void decide(MoveOutcome& out, std::string_view stage_cell) const {
    const std::optional<std::size_t> from = graph.current(stage_cell);
    out.from = from ? graph.name(*from) : std::string(stage_cell);
    out.to = graph.name(to);
    if (!from) {
      out.kind = MoveOutcome::Kind::refused;
      out.why = graph.check_move(stage_cell, out.to).message;
    } else if (*from == to) {
      out.kind = MoveOutcome::Kind::unchanged;
    } else if (graph.needs_reason(to) && !reason_given) {
      out.kind = MoveOutcome::Kind::refused;
      out.why = fmt::format("a move to {} needs a reason (stages: marks {} reason: required); give --reason",
                            out.to, out.to);
    } else if (!graph.allows(*from, to)) {
      out.kind = request.force ? MoveOutcome::Kind::moved : MoveOutcome::Kind::refused;
      out.forced = request.force;
      if (!request.force) {
        out.why = graph.check_move(out.from, out.to).message;
      }
    } else {
      out.kind = MoveOutcome::Kind::moved;
    }
  }
};

MovePlan::MovePlan(const StageGraph& graph, MoveRequest request, std::span<const std::string> targets,
                   StoreColumns columns)
    : m_impl(std::make_unique<Impl>(graph, std::move(request), columns)) {
  Impl& impl = *m_impl;
  const std::optional<std::size_t> to = graph.find(impl.request.to);
  if (!to) {
    throw Error(ErrorKind::usage, fmt::format("--to: {}", graph.unknown_stage_message(impl.request.to)), "",
                0, 0, fmt::format("stages are: {}", graph.names_text()));
  }
  impl.to = *to;
  impl.width = columns.width();
  impl.now_iso = normalize::format_iso(impl.request.now);
  impl.reason_given = !text::trim(impl.request.reason).empty();
  impl.given.assign(targets.begin(), targets.end());
  for (std::size_t i = 0; i < impl.given.size(); ++i) {
    const std::string_view text = text::trim(impl.given[i]);
    Target target;
    if (is_hex_id(text)) {
      target = {Target::Kind::id, text::ascii_lower(text)};
      impl.ids.try_emplace(target.key, Key{i, false});
    } else if (text.find('@') != std::string_view::npos) {
      target = {Target::Kind::email, normalize::email(text)};
      impl.emails.try_emplace(target.key, Key{i, false});
    }
    impl.targets.push_back(std::move(target));
  }
}

MovePlan::~MovePlan() = default;

const MoveOutcome* MovePlan::add_row(std::span<const std::string_view> row) {
  Impl& impl = *m_impl;
  const StoreColumns& c = impl.columns;
  const std::string_view id = cell(row, c.id);
  const Key* by_id = impl.match(impl.ids, id);
  const Key* by_email = impl.match(impl.emails, cell(row, c.email));
  if (by_id == nullptr && by_email == nullptr) {
    return nullptr;
  }
  MoveOutcome& out = m_outcomes.emplace_back();
  const std::size_t first = std::min(by_id != nullptr ? by_id->first_target : impl.given.size(),
                                     by_email != nullptr ? by_email->first_target : impl.given.size());
  out.target = impl.given[first];
  out.id = id;
  out.email = cell(row, c.email);
  out.owner = cell(row, c.owner);
  out.do_not_contact = cell(row, c.do_not_contact) == "true";
  impl.decide(out, cell(row, c.stage));
  if (out.kind == MoveOutcome::Kind::moved) {
    impl.moved.emplace(id);
  }
  return &out;
}

void MovePlan::finish() {
  Impl& impl = *m_impl;
  if (impl.finished) {
    return;
  }
  impl.finished = true;
  for (std::size_t i = 0; i < impl.targets.size(); ++i) {
    const Target& target = impl.targets[i];
    std::string why;
    if (target.kind == Target::Kind::invalid) {
      why = "not a lead id (16 hex digits) or an email address";
    } else if (target.kind == Target::Kind::id && !impl.ids.at(target.key).found) {
      why = "no lead has this id";
    } else if (target.kind == Target::Kind::email && !impl.emails.at(target.key).found) {
      why = "no lead has this email";
    } else {
      continue;
    }
    MoveOutcome& out = m_outcomes.emplace_back();
    out.kind = MoveOutcome::Kind::not_found;
    out.target = impl.given[i];
    out.to = impl.graph.name(impl.to);
    out.why = std::move(why);
  }
  impl.proceeds = can_proceed();
}

bool MovePlan::can_proceed() const {
  return count(MoveOutcome::Kind::refused) == 0 && count(MoveOutcome::Kind::not_found) == 0;
}

std::size_t MovePlan::count(MoveOutcome::Kind kind) const {
  return static_cast<std::size_t>(std::count_if(m_outcomes.begin(), m_outcomes.end(),
                                                [&](const MoveOutcome& out) { return out.kind == kind; }));
}

std::vector<Event> MovePlan::events() const {
  std::vector<Event> out;
  for (const MoveOutcome& outcome : m_outcomes) {
    if (outcome.kind == MoveOutcome::Kind::moved) {
      out.push_back({m_impl->now_iso, outcome.id, "stage", outcome.from, outcome.to, m_impl->request.actor,
                     m_impl->request.reason});
    }
  }
  return out;
}

bool MovePlan::apply(std::span<std::string_view> row) const {
  const Impl& impl = *m_impl;
  const StoreColumns& c = impl.columns;
  if (!impl.proceeds || row.size() < impl.width || impl.moved.find(row[c.id]) == impl.moved.end()) {
    return false;
  }
  row[c.stage] = impl.graph.name(impl.to);
  row[c.stage_at] = impl.now_iso;
  row[c.updated_at] = impl.now_iso;
  return true;
}

} // namespace leads::stages
