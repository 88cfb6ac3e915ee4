#include <leads/report/render.hpp>

#include <leads/report/outputs.hpp>

namespace leads::report {

std::optional<Format> parse_format(std::string_view name) {
  if (name == "table") {
    return Format::table;
  }
  if (name == "csv") {
    return Format::csv;
  }
  if (name == "json") {
    return Format::json;
  }
  if (name == "yaml") {
    return Format::yaml;
  }
  if (name == "md") {
    return Format::md;
  }
  if (name == "html") {
    return Format::html;
  }
  return std::nullopt;
}

std::string render(const Report& report, Format format, const RenderOptions& options) {
  switch (format) {
  case Format::table:
    return detail::render_table(report, options);
  case Format::csv:
    return detail::render_csv(report);
  case Format::json:
    return detail::render_json(report);
  case Format::yaml:
    return detail::render_yaml(report);
  case Format::md:
    return detail::render_md(report, options);
  case Format::html:
    return detail::render_html(report, options);
  }
  return {};
}

} // namespace leads::report
