#include <leads/import/lifecycle.hpp>

#include <algorithm>

namespace leads::import {

namespace {

// At one time: the rows' entries first, then the stage the lead is in (it
// wins a tie: only a later entry moves it), the stored one before the rows' own.
enum class Kind : std::uint8_t { entry, stored, own };

struct Point {
  std::string_view at;
  std::string_view stage;
  std::uint32_t row = 0;
  Kind kind = Kind::entry;
  bool known = false; // the store has it (the stored stage, at the same time)
};

std::string_view earliest(std::string_view a, std::string_view b) {
  return a.empty() ? b : b.empty() ? a : std::min(a, b);
}

// The date of a new lead's own stage when no stage_at gives it: that of its
// latest entry into that stage, else of its latest entry (it got there by
// then), else none.
std::string_view own_stage_date(const LifecycleInput& in) {
  std::string_view same;
  std::string_view latest;
  for (const StageDate& date : in.dates) {
    latest = std::max(latest, date.at);
    if (date.stage == in.stage) {
      same = std::max(same, date.at);
    }
  }
  return same.empty() ? latest : same;
}

// The lead's points in time order, each (stage, time) once.
std::vector<Point> points_of(const LifecycleInput& in) {
  std::vector<Point> points;
  points.reserve(in.dates.size() + 2);
  if (in.stored && !in.stored_stage.empty() && !in.stored_stage_at.empty()) {
    points.push_back({in.stored_stage_at, in.stored_stage, 0, Kind::stored, true});
  }
  for (const StageDate& date : in.dates) {
    if (!date.at.empty() && !date.stage.empty()) {
      points.push_back({date.at, date.stage, date.row, Kind::entry});
    }
  }
  if (!in.stage.empty() && (!in.stored || in.stage != in.stored_stage || in.stage_at != in.stored_stage_at)) {
    const std::string_view at = in.stored || !in.stage_at.empty() ? in.stage_at : own_stage_date(in);
    if (!at.empty()) {
      points.push_back({at, in.stage, in.stage_row, Kind::own});
    }
  }
  std::stable_sort(points.begin(), points.end(), [](const Point& a, const Point& b) {
    return a.at != b.at ? a.at < b.at : a.kind != b.kind ? a.kind < b.kind : a.row < b.row;
  });
  // One point per (stage, time), in the place of the last of them; it is
  // known if any of them is.
  std::vector<Point> out;
  out.reserve(points.size());
  std::size_t same_time = 0; // where the points of out's last time start
  for (Point point : points) {
    if (out.empty() || out.back().at != point.at) {
      same_time = out.size();
    }
    const auto twin = std::find_if(out.begin() + static_cast<std::ptrdiff_t>(same_time), out.end(),
                                   [&](const Point& p) { return p.stage == point.stage; });
    if (twin != out.end()) {
      point.known = point.known || twin->known;
      out.erase(twin);
    }
    out.push_back(point);
  }
  return out;
}

} // namespace

void plan_lifecycle(const LifecycleInput& in, const KnownEntry& known, Lifecycle& out) {
  out.moves.clear();
  out.created_to = {};
  std::vector<Point> points = points_of(in);
  if (points.empty()) {
    out.stage = in.stage;
    out.stage_at = in.stage_at;
    out.created_at = in.stored || !in.created_at.empty() ? in.created_at : in.earliest_edit;
    return;
  }
  if (in.stored) {
    out.created_at = in.may_change ? earliest(in.created_at, points.front().at) : in.created_at;
  } else {
    out.created_at = in.created_at.empty() ? earliest(points.front().at, in.earliest_edit)
                                           : earliest(in.created_at, points.front().at);
    // A lead older than its first entry started in the first stage.
    if (out.created_at < points.front().at) {
      points.insert(points.begin(), Point{out.created_at, in.first_stage, 0, Kind::entry});
    }
    out.created_to = points.front().stage;
  }
  // A new lead's first point is its created event.
  std::string_view before = in.stored ? std::string_view() : points.front().stage;
  for (std::size_t i = in.stored ? 0 : 1; i < points.size(); ++i) {
    const Point& point = points[i];
    if (point.stage == before) {
      continue; // it was there already
    }
    const std::string_view from = before;
    before = point.stage;
    if (!point.known && !known(point.at, point.stage)) {
      out.moves.push_back({point.at, from, point.stage, point.row});
    }
  }
  if (!in.may_change) {
    out.stage = in.stage;
    out.stage_at = in.stage_at;
    return;
  }
  // The latest point decides, from the start of its last stay.
  std::size_t stay = points.size() - 1;
  while (stay > 0 && points[stay - 1].stage == points.back().stage) {
    --stay;
  }
  out.stage = points[stay].stage;
  out.stage_at = points[stay].at;
}

} // namespace leads::import
