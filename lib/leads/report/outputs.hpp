#pragma once

#include <leads/report/model.hpp>
#include <leads/report/render.hpp>

#include <string>

// Internal to the report module: one function per format (render.cpp picks).
namespace leads::report::detail {

std::string render_table(const Report& report, const RenderOptions& options);
std::string render_md(const Report& report, const RenderOptions& options);
std::string render_csv(const Report& report);
std::string render_json(const Report& report);
std::string render_yaml(const Report& report);
std::string render_html(const Report& report, const RenderOptions& options);

} // namespace leads::report::detail
