#include "cli.hpp"

#include <leads/error.hpp>
#include <leads/lead/shard.hpp>
#include <leads/render/json_lines.hpp>
#include <leads/report/funnel.hpp>
#include <leads/report/partial.hpp>
#include <leads/report/period.hpp>
#include <leads/report/render.hpp>

#include <fmt/format.h>

#include <fstream>
#include <iostream>

namespace leads::cli {

namespace {

struct ReportOptions {
  std::optional<std::string> period;
  std::optional<std::string> by;
  std::optional<std::string> every;
  std::string format = "table";
  std::string output = "-";
  std::optional<std::string> shard_text;
  std::optional<lead::Shard> shard;
  bool partial = false;
  std::vector<std::string> merge;
  bool format_given = false;
};

// Usage errors that need no file read: before anything is set up.
void check_usage(ReportOptions& o) {
  auto refuse = [](std::string message, std::string hint) {
    throw Error(ErrorKind::usage, std::move(message), "", 0, 0, std::move(hint));
  };
  if (o.shard_text) {
    o.shard = lead::parse_shard(*o.shard_text);
  }
  if (!o.merge.empty() && (o.period || o.by || o.every || o.shard)) {
    refuse(
        "--period, --by, --every and --shard are for computing a report: with --merge the partials hold them",
        "drop the option, or make the partials again with it");
  }
  if (o.partial && o.format_given) {
    refuse("--format is for the report: a partial is always JSON, one line (see leads-report(1), PARTIALS)",
           "drop --format, and give it to the leads report --merge that renders the partials");
  }
}

// The partials of the files (or - for standard input), merged.
report::Partial merged_partials(const std::vector<std::string>& paths) {
  std::optional<report::Partial> merged;
  auto add = [&](report::Partial partial) {
    if (merged) {
      report::merge(*merged, std::move(partial));
    } else {
      merged = std::move(partial);
    }
  };
  for (const std::string& path : paths) {
    if (path == "-") {
      report::read_partials(std::cin, "<stdin>", add);
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      throw Error(ErrorKind::no_input, "cannot open the partial", path, 0, 0,
                  "name the files that leads report --partial -o FILE wrote");
    }
    report::read_partials(in, path, add);
  }
  if (!merged) {
    throw Error(ErrorKind::data, "no partial to merge: the input is empty", "", 0, 0,
                "name the files that leads report --partial -o FILE wrote");
  }
  return std::move(*merged);
}

} // namespace

Parsed setup_report(CLI::App& app, const Globals&) {
  auto options = std::make_shared<ReportOptions>();
  app.footer(
      "The funnel over a period, from the workspace's history: leads per stage now, leads that entered "
      "each stage, conversion by cohort and win rate, velocity (median and p90 days), SLA per owner, "
      "recycle and disqualify reasons by source, retention and referrals, breakdowns and a trend, each "
      "against the period before. Every metric is defined in leads-report(1). To scale out, run it on "
      "shards of the leads (--shard I/N) with --partial, then --merge the partials: the merged report "
      "is the single run's, byte for byte.");
  app.add_option("--period", options->period,
                 "last-week, this-week, last-month, this-month, 2026-W47, 2026-11, FROM..TO "
                 "(default: report.period of leads.yaml)")
      ->type_name("PERIOD");
  app.add_option("--by", options->by,
                 "break the funnel down by a column: source, campaign, owner, country, ...")
      ->type_name("FIELD");
  app.add_option("--every", options->every, "the unit of the trend: week or month (default: report.every)")
      ->transform(one_of(std::vector<std::string>{"week", "month"}));
  CLI::Option* format =
      app.add_option("--format", options->format,
                     "table (default), csv, json, jsonl (csv's rows as objects), yaml, md or html")
          ->transform(format_of({render::Format::table, render::Format::csv, render::Format::json,
                                 render::Format::jsonl, render::Format::yaml, render::Format::md,
                                 render::Format::html}));
  app.add_option("-o,--output", options->output, "write to FILE instead of stdout")->type_name("FILE");
  app.add_option("--shard", options->shard_text,
                 "only the leads of shard I of N (by id) and their events; with --partial, for --merge")
      ->type_name("I/N");
  app.add_flag("--partial", options->partial,
               "write the report's mergeable state (one line of JSON) instead of the report");
  app.add_option("--merge", options->merge,
                 "merge the partials in these files ('-' for stdin) into the report (or, with --partial, "
                 "into one partial); no workspace needed")
      ->type_name("PART")
      ->expected(1, -1);

  Parsed parsed;
  parsed.stops_on_signal = true; // an -o file is left as it was
  parsed.filter_mode = [options] { return !options->merge.empty(); };
  parsed.prepare = [options, format] {
    options->format_given = format->count() > 0;
    check_usage(*options);
  };
  parsed.run = [options](Context& context) {
    store::Output out(options->output);
    report::RenderOptions render;
    render.color = options->format == "table" && color_wanted(out.fd());
    std::optional<report::Report> result;
    if (!options->merge.empty()) {
      report::Partial merged = merged_partials(options->merge);
      if (context.globals.as_of && context.now != merged.now) {
        throw Error(ErrorKind::usage,
                    fmt::format("--as-of {} is not the partials' time, {}", *context.globals.as_of,
                                normalize::format_iso(merged.now)),
                    "", 0, 0, "a merged report is as of its partials: drop --as-of");
      }
      if (options->partial) {
        out.write(report::write_partial(merged));
        out.commit();
        return 0;
      }
      if (const std::vector<std::string> missing = report::missing_shards(merged); !missing.empty()) {
        throw Error(ErrorKind::data,
                    fmt::format("the partials lack shard{} {}", missing.size() == 1 ? "" : "s",
                                fmt::join(missing, ", ")),
                    "", 0, 0,
                    fmt::format("merge the partials of every shard 1/{0} to {0}/{0} (add --partial to merge "
                                "some of them into one partial)",
                                merged.shard_count));
      }
      render.top = static_cast<std::size_t>(merged.top);
      result = report::to_report(std::move(merged));
    } else {
      const config::Config& config = context.settings();
      report::Options run;
      run.period = options->period.value_or(config.report.period);
      run.by = options->by;
      run.every = *report::parse_every(options->every.value_or(config.report.every));
      run.handoff_stage = config.routing.handoff_stage;
      run.now = context.now;
      run.shard = options->shard;
      if (options->partial) {
        out.write(report::write_partial(report::compute_partial(config, run, context.store().leads_file(),
                                                                context.store().events_file())));
        out.commit();
        return 0;
      }
      render.top = static_cast<std::size_t>(config.report.top);
      result = report::compute(config, run, context.store().leads_file(), context.store().events_file());
    }
    if (options->format == "jsonl") {
      // The rows of the csv format (a long table), value and previous as numbers.
      static constexpr std::string_view k_numbers[] = {"value", "previous"};
      out.write(render::table_as_json_lines(report::render(*result, report::Format::csv, render), k_numbers));
    } else {
      out.write(report::render(*result, *report::parse_format(options->format), render));
    }
    out.commit();
    return 0;
  };
  return parsed;
}

} // namespace leads::cli
