#include <leads/check/check.hpp>

#include <leads/render/render.hpp>

#include <fmt/format.h>

namespace leads::check {

namespace {

render::Object problem_object(const std::string& file, long line, long column, const std::string& message) {
  return render::Object().set("file", file).set("line", line).set("column", column).set("message", message);
}

} // namespace

std::string report_text(const Report& report) {
  std::string out;
  for (const Problem& p : report.problems) {
    out += p.file;
    if (p.line > 0) {
      out += fmt::format(":{}", p.line);
      if (p.column > 0) {
        out += fmt::format(":{}", p.column);
      }
    }
    // One problem a line, whatever a hand edit put into the values it quotes.
    out += ": " + render::one_line(p.message) + "\n";
  }
  return out;
}

render::Object report_object(const Report& report) {
  render::Array problems = render::Array::one_per_line();
  for (const Problem& p : report.problems) {
    problems.push(problem_object(p.file, p.line, p.column, p.message));
  }
  return render::Object()
      .set("ok", report.problems.empty())
      .set("leads", report.leads)
      .set("events", report.events)
      .set("activities", report.activities)
      .set("problems", problems);
}

render::Object unloadable_config_object(const Error& error) {
  render::Array problems = render::Array::one_per_line();
  problems.push(problem_object(error.file(), error.line(), error.column(), error.message()));
  return render::Object()
      .set("ok", false)
      .set("leads", nullptr)
      .set("events", nullptr)
      .set("activities", nullptr)
      .set("problems", problems);
}

} // namespace leads::check
