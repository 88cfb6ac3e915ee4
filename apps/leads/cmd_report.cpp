#include "cli.hpp"

#include <leads/error.hpp>
#include <leads/report/funnel.hpp>
#include <leads/report/period.hpp>
#include <leads/report/render.hpp>

namespace leads::cli {

Parsed setup_report(CLI::App& app, const Globals&) {
  struct Options {
    std::optional<std::string> period;
    std::optional<std::string> by;
    std::optional<std::string> every;
    std::string format = "table";
    std::string output = "-";
  };
  auto options = std::make_shared<Options>();
  app.footer("The funnel over a period, from the workspace's history: leads per stage now, leads that entered "
             "each stage, conversion by cohort and win rate, velocity (median and p90 days), SLA per owner, "
             "recycle and disqualify reasons by source, retention and referrals, breakdowns and a trend, each "
             "against the period before. Every metric is defined in leads-report(1).");
  app.add_option("--period", options->period,
                 "last-week, this-week, last-month, this-month, 2026-W47, 2026-11, FROM..TO "
                 "(default: report.period of leads.yaml)")
      ->type_name("PERIOD");
  app.add_option("--by", options->by, "break the funnel down by a column: source, campaign, owner, country, ...")
      ->type_name("FIELD");
  app.add_option("--every", options->every, "the unit of the trend: week or month (default: report.every)")
      ->transform(one_of(std::vector<std::string>{"week", "month"}));
  app.add_option("--format", options->format, "table (default), csv, json, yaml, md or html")
      ->transform(format_of({render::Format::table, render::Format::csv, render::Format::json, render::Format::yaml,
                             render::Format::md, render::Format::html}));
  app.add_option("-o,--output", options->output, "write to FILE instead of stdout")->type_name("FILE");

  Parsed parsed;
  parsed.stops_on_signal = true; // an -o file is left as it was
  parsed.run = [options](Context& context) {
    const config::Config& config = context.settings();
    report::Options run;
    run.period = options->period.value_or(config.report.period);
    run.by = options->by;
    run.every = *report::parse_every(options->every.value_or(config.report.every));
    run.handoff_stage = config.routing.handoff_stage;
    run.now = context.now;
    const report::Report result =
        report::compute(config, run, context.store().leads_file(), context.store().events_file());
    store::Output out(options->output);
    report::RenderOptions render;
    render.color = options->format == "table" && color_wanted(out.fd());
    render.top = static_cast<std::size_t>(config.report.top);
    out.write(report::render(result, *report::parse_format(options->format), render));
    out.commit();
    return 0;
  };
  return parsed;
}

} // namespace leads::cli
