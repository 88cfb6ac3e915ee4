#include <leads/report/layout.hpp>
#include <leads/report/numbers.hpp>
#include <leads/report/outputs.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace leads::report::detail {

namespace {

constexpr std::string_view k_style = R"css(
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #ffffff; color: #1f2933;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 28px 28px 40px; }
header h1 { font-size: 24px; margin: 0 0 6px; letter-spacing: -0.01em; }
header p { margin: 0; color: #52606d; }
section { margin-top: 30px; }
h2 { font-size: 17px; margin: 0 0 4px; padding-bottom: 5px; border-bottom: 2px solid #e4e7eb; }
p.intro { margin: 6px 0 12px; color: #52606d; max-width: 860px; }
p.caption { margin: 14px 0 6px; color: #323f4b; font-weight: 600; }
p.footer { margin: 6px 0 0; color: #7b8794; font-size: 12px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 0 0 4px; }
th, td { padding: 5px 12px 5px 0; border-bottom: 1px solid #e4e7eb; text-align: left; vertical-align: top; }
th { font-weight: 600; color: #3e4c59; border-bottom: 2px solid #cbd2d9; white-space: nowrap; }
td.n, th.n { text-align: right; padding-left: 12px; }
tr:last-child td { border-bottom: none; }
td:first-child { white-space: nowrap; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(128px, 1fr)); gap: 10px; margin-top: 22px; }
.split { display: grid; grid-template-columns: minmax(0, 3fr) minmax(min-content, 2fr); gap: 28px; align-items: start; }
.split > * { overflow-x: auto; }
.card { border: 1px solid #e4e7eb; border-radius: 8px; padding: 10px 14px; }
.card .value { font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
.card .label { color: #52606d; font-size: 12px; }
.card .change { color: #7b8794; font-size: 12px; }
figure { margin: 8px 0 14px; }
figcaption { color: #52606d; font-size: 12px; margin-top: 4px; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 12px; fill: #323f4b; }
svg .muted { fill: #7b8794; }
.notes li { color: #52606d; }
@media print {
  body { font-size: 11px; }
  main { max-width: none; padding: 0; }
  section, figure, table, .cards { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
}
)css";

// Text for HTML: the five characters that could start markup escaped.
std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string number(double x) {
  return fmt::format("{:.1f}", x);
}

void append_table(std::string& out, const Table& t) {
  if (!t.caption.empty()) {
    out += "<p class=\"caption\">" + escape(t.caption) + "</p>\n";
  }
  out += "<table>\n<thead><tr>";
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    out += t.numeric[i] ? "<th class=\"n\">" : "<th>";
    // A long period ("2024-01-01..2025-05-31") may break after its "..".
    std::string heading = escape(t.columns[i]);
    for (std::size_t at = heading.find(".."); at != std::string::npos; at = heading.find("..", at + 7)) {
      heading.insert(at + 2, "<wbr>");
    }
    out += heading + "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i) {
      out += t.numeric[i] ? "<td class=\"n\">" : "<td>";
      out += escape(row[i]) + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (!t.footer.empty()) {
    out += "<p class=\"footer\">" + escape(t.footer) + "</p>\n";
  }
}

struct Card {
  std::string label;
  std::string value;
  std::string change;
};

void append_cards(std::string& out, const Report& r) {
  // "+1 vs 2026-W46", or that there is nothing to compare with.
  auto versus = [&](const std::string& change) {
    return change == "-" ? "no figure for " + r.previous.label : change + " vs " + r.previous.label;
  };
  std::vector<Card> cards;
  cards.push_back({"leads now", count(r.leads), ""});
  if (!r.stages.empty()) {
    const auto& first = r.all.entered[0];
    cards.push_back({"entered " + r.stages[0].name, count(first.current), versus(count_change(first))});
  }
  for (std::size_t i = 0; i < r.stages.size(); ++i) {
    if (r.stages[i].name == r.handoff_stage) {
      const auto& handed = r.all.entered[i];
      cards.push_back(
          {"handed to sales (" + r.handoff_stage + ")", count(handed.current), versus(count_change(handed))});
    }
  }
  const auto& win = r.all.win_rate;
  cards.push_back({"won", count(win.current.numerator),
                   versus(count_change({win.current.numerator, win.previous.numerator}))});
  cards.push_back({"win rate", percent(win.current), versus(share_change(win))});
  const Compared<Ratio> sla = r.sla_total.compliance();
  cards.push_back({"SLA compliance", percent(sla.current), versus(share_change(sla))});
  cards.push_back({"churned", count(r.retention.churned.current), versus(count_change(r.retention.churned))});
  out += "<div class=\"cards\">\n";
  for (const Card& c : cards) {
    out += "<div class=\"card\"><div class=\"label\">" + escape(c.label) + "</div><div class=\"value\">" +
           escape(c.value) + "</div>";
    if (!c.change.empty()) {
      out += "<div class=\"change\">" + escape(c.change) + "</div>";
    }
    out += "</div>\n";
  }
  out += "</div>\n";
}

// Bars per stage: leads that entered it in the period, the period before as a thin bar under it.
void append_funnel_chart(std::string& out, const Report& r) {
  const double width = 600;
  const double label_width = 110;
  const double bar_room = width - label_width - 80;
  const double row = 30;
  const double top = 26;
  const double height = top + row * static_cast<double>(r.stages.size()) + 8;
  long most = 1;
  for (const auto& e : r.all.entered) {
    most = std::max({most, e.current, e.previous});
  }
  out += fmt::format("<figure>\n<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">\n", number(width),
                     number(height), escape("Leads that entered each stage in " + r.period.label));
  out += fmt::format(
      "<rect x=\"{}\" y=\"6\" width=\"12\" height=\"10\" fill=\"#3b82c4\"/><text x=\"{}\" y=\"15\">{}"
      "</text>\n",
      number(label_width), number(label_width + 16), escape(r.period.label));
  // The second key after the first's label (about 7 pixels a character at 12px).
  const double previous_x =
      label_width + std::max(110.0, 16 + 7.0 * static_cast<double>(r.period.label.size()) + 20);
  out += fmt::format(
      "<rect x=\"{}\" y=\"9\" width=\"12\" height=\"4\" fill=\"#b8c4ce\"/><text x=\"{}\" y=\"15\" "
      "class=\"muted\">{}</text>\n",
      number(previous_x), number(previous_x + 16), escape(r.previous.label));
  for (std::size_t i = 0; i < r.stages.size(); ++i) {
    const double y = top + row * static_cast<double>(i);
    const auto& e = r.all.entered[i];
    const double w_now = bar_room * static_cast<double>(e.current) / static_cast<double>(most);
    const double w_before = bar_room * static_cast<double>(e.previous) / static_cast<double>(most);
    const StageInfo& s = r.stages[i];
    const char* color = s.won ? "#2f9e72" : s.exit ? "#c9826b" : "#3b82c4";
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", number(label_width - 10),
                       number(y + 13), escape(s.name));
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" rx=\"2\" fill=\"{}\"/>\n",
                       number(label_width), number(y + 1), number(std::max(w_now, 1.0)), color);
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"4\" fill=\"#b8c4ce\"/>\n",
                       number(label_width), number(y + 19), number(std::max(w_before, 1.0)));
    out += fmt::format("<text x=\"{}\" y=\"{}\">{} <tspan class=\"muted\">({})</tspan></text>\n",
                       number(label_width + std::max(w_now, w_before) + 8), number(y + 13),
                       escape(count(e.current)), escape(count_change(e)));
  }
  out += "</svg>\n<figcaption>Leads that entered each stage in " + escape(r.period.label) +
         " (bars; won stages green, exits brown) and in " + escape(r.previous.label) +
         " (thin grey bars); the change in brackets.</figcaption>\n</figure>\n";
}

// Grouped bars per bucket of the trend: entries into the first stage and the
// handoff stage, and wins.
void append_trend_chart(std::string& out, const Report& r) {
  const auto& buckets = r.trend.buckets;
  if (buckets.empty() || r.stages.empty()) {
    return;
  }
  std::size_t handoff = 0;
  for (std::size_t i = 0; i < r.stages.size(); ++i) {
    handoff = r.stages[i].name == r.handoff_stage ? i : handoff;
  }
  struct Series {
    std::string name;
    const char* color;
    std::vector<long> values;
  };
  std::vector<Series> series = {{"entered " + r.stages[0].name, "#3b82c4", {}},
                                {"entered " + r.handoff_stage, "#e0a030", {}},
                                {"won", "#2f9e72", {}}};
  long most = 1;
  for (const TrendBucket& b : buckets) {
    series[0].values.push_back(b.entered[0]);
    series[1].values.push_back(b.entered[handoff]);
    series[2].values.push_back(b.win_rate.numerator);
    most = std::max({most, b.entered[0], b.entered[handoff], b.win_rate.numerator});
  }
  const double width = 760;
  const double left = 56;
  const double plot_top = 30;
  const double plot_height = 180;
  const double height = plot_top + plot_height + 40;
  const double slot = (width - left - 10) / static_cast<double>(buckets.size());
  // A quarter of a narrow slot is the gap between groups; labels (about 64
  // pixels wide) go under every `labelled`th bucket, so that they never overlap.
  const double bar = std::min(22.0, (slot - std::min(12.0, slot / 4)) / 3);
  const auto labelled = static_cast<std::size_t>(std::ceil(64 / slot));
  out += fmt::format("<figure>\n<svg viewBox=\"0 0 {} {}\" width=\"{}\" "
                     "height=\"{}\" role=\"img\" aria-label=\"{}\">\n",
                     number(width), number(height), number(width), number(height),
                     escape("Trend per " + std::string(every_name(r.trend.every))));
  for (std::size_t s = 0; s < series.size(); ++s) {
    const double x = left + 170 * static_cast<double>(s);
    out += fmt::format(
        "<rect x=\"{}\" y=\"6\" width=\"12\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"15\">{}"
        "</text>\n",
        number(x), series[s].color, number(x + 16), escape(series[s].name));
  }
  // Grid lines at round numbers (a step of 1, 2 or 5 times a power of ten), labelled.
  long unit = 1;
  long times = 1;
  while (most > 4 * times * unit) {
    times = times == 1 ? 2 : times == 2 ? 5 : 1;
    unit *= times == 1 ? 10 : 1;
  }
  const long step = times * unit;
  most = (most + step - 1) / step * step;
  for (long value = 0; value <= most; value += step) {
    const double y =
        plot_top + plot_height - plot_height * static_cast<double>(value) / static_cast<double>(most);
    out += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#e4e7eb\"/>\n", number(left),
                       number(y), number(width - 10), number(y));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"muted\">{}</text>\n",
                       number(left - 6), number(y + 4), escape(count(value)));
  }
  for (std::size_t b = 0; b < buckets.size(); ++b) {
    const double x0 = left + slot * static_cast<double>(b) + (slot - 3 * bar) / 2;
    for (std::size_t s = 0; s < series.size(); ++s) {
      const long v = series[s].values[b];
      const double h = plot_height * static_cast<double>(v) / static_cast<double>(most);
      out += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}</title></rect>\n",
          number(x0 + bar * static_cast<double>(s)), number(plot_top + plot_height - h), number(bar - 2),
          number(h), series[s].color,
          escape(fmt::format("{} {}: {}", buckets[b].period.label, series[s].name, count(v))));
    }
    if (b % labelled != 0) {
      continue;
    }
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                       number(left + slot * (static_cast<double>(b) + 0.5)),
                       number(plot_top + plot_height + 18), escape(buckets[b].period.label));
    out +=
        fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"muted\">{}</text>\n",
                    number(left + slot * (static_cast<double>(b) + 0.5)), number(plot_top + plot_height + 34),
                    escape(buckets[b].win_rate.denominator == 0 ? std::string("no close")
                                                                : percent(buckets[b].win_rate) + " won"));
  }
  out += "</svg>\n<figcaption>Per " + std::string(every_name(r.trend.every)) + ": leads that entered " +
         escape(r.stages[0].name) + " and " + escape(r.handoff_stage) +
         ", and leads won; the win rate under each" +
         (labelled > 1 ? fmt::format(" labelled {} (one in {}; a bar's title gives its figures)",
                                     every_name(r.trend.every), labelled)
                       : std::string()) +
         ".</figcaption>\n</figure>\n";
}

} // namespace

std::string render_html(const Report& report, const RenderOptions& options) {
  const Heading h = heading(report);
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>" +
                    escape(h.title) + "</title>\n<style>";
  out += k_style;
  out += "</style>\n</head>\n<body>\n<main>\n<header>\n<h1>" + escape(h.title) + "</h1>\n";
  for (const std::string& line : h.lines) {
    out += "<p>" + escape(line) + "</p>\n";
  }
  out += "</header>\n";
  append_cards(out, report);
  for (const Section& s : layout(report, options.top)) {
    out += "<section id=\"" + escape(s.id) + "\">\n<h2>" + escape(s.title) + "</h2>\n";
    if (!s.intro.empty()) {
      out += "<p class=\"intro\">" + escape(s.intro) + "</p>\n";
    }
    if (s.id == "entered") {
      // The chart with its table beside it.
      out += "<div class=\"split\">\n<div>\n";
      append_funnel_chart(out, report);
      out += "</div>\n<div>\n";
      for (const Table& t : s.tables) {
        append_table(out, t);
      }
      out += "</div>\n</div>\n</section>\n";
      continue;
    }
    if (s.id == "trend") {
      append_trend_chart(out, report);
    }
    if (s.id == "notes") {
      out += "<ul class=\"notes\">\n";
      for (const auto& row : s.tables.front().rows) {
        out += "<li>" + escape(row.front()) + "</li>\n";
      }
      out += "</ul>\n";
    } else {
      for (const Table& t : s.tables) {
        append_table(out, t);
      }
    }
    out += "</section>\n";
  }
  out += "</main>\n</body>\n</html>\n";
  return out;
}

} // namespace leads::report::detail
