#include "cli.hpp"

#include <leads/error.hpp>
#include <leads/report/period.hpp>
#include <leads/routing/handoff_run.hpp>

#include <fmt/format.h>

namespace leads::cli {

namespace {

struct HandoffOptions {
  std::optional<std::string> out_dir;
  std::string format = "table";
  bool dry_run = false;
  std::optional<std::string> actor;
  bool overdue = false;
  bool simulate = false;
  std::optional<std::string> period;
};

int overdue(const HandoffOptions& options, Context& context) {
  std::vector<std::vector<std::string>> rows;
  for (const routing::OverdueLead& lead : routing::find_overdue(context.store(), context.now)) {
    rows.push_back(routing::overdue_row(lead));
  }
  print_rows(*render::formats.parse(options.format), routing::overdue_columns(), rows);
  if (!context.quiet()) {
    fmt::print(stderr, "leads handoff: {} lead{} overdue (in {} longer than {} hours)\n", rows.size(),
               rows.size() == 1 ? "" : "s", context.settings().routing.handoff_stage,
               context.settings().routing.sla_hours);
  }
  return rows.empty() ? 0 : exit_code(ErrorKind::check_failed);
}

int simulate(const HandoffOptions& options, Context& context) {
  const report::Period period =
      report::parse_period(options.period.value_or(context.settings().report.period), context.now);
  routing::SimulationOptions simulation;
  simulation.begin = period.start;
  simulation.end = period.end;
  simulation.actor = options.actor.value_or("");
  const routing::SimulationReport report = routing::simulate_handoffs(context.store(), simulation);
  std::vector<std::vector<std::string>> rows;
  for (const routing::SimulatedLead& lead : report.leads) {
    rows.push_back(routing::simulation_row(lead));
  }
  print_rows(*render::formats.parse(options.format), routing::simulation_columns(), rows);
  if (!context.quiet()) {
    fmt::print(stderr, "leads handoff: (simulation) {}: {} handed off, {} would go to another owner, {} left\n",
               period.label, report.leads.size(), report.changed, report.left);
    for (const routing::OwnerTotals& owner : report.totals) {
      fmt::print(stderr, "  {}: {} -> {}\n", owner.owner, owner.before, owner.after);
    }
    if (report.missing > 0) {
      fmt::print(stderr, "  {} handed off in the period are no longer in the store\n", report.missing);
    }
  }
  return 0;
}

} // namespace

Parsed setup_handoff(CLI::App& app, const Globals&) {
  auto options = std::make_shared<HandoffOptions>();
  app.footer("Hand marketing-qualified leads to sales reps: leads in the from-stage (scoring.mql.stage) that "
             "may be contacted and have no owner are routed by the routing: settings (account owners first, "
             "then rules to a team, then the team's strategy, honouring capacity and away dates), get an "
             "owner and move to routing.handoff_stage, with owner and stage events. Running it twice hands "
             "nothing out twice. --overdue lists leads past the SLA (exit 1 when any); --simulate replays a "
             "period through today's rules.");
  app.add_option("--out-dir", options->out_dir, "write one CSV sheet per rep who got leads")->type_name("DIR");
  app.add_option("--format", options->format, "table (default), csv, json, jsonl (one object a line) or yaml")
      ->transform(format_of({render::Format::table, render::Format::csv, render::Format::json,
                             render::Format::jsonl, render::Format::yaml}));
  app.add_flag("--dry-run", options->dry_run, "route and print, but change nothing");
  app.add_option("--actor", options->actor, "who hands off (default: LEADS_ACTOR, else the user)")
      ->type_name("NAME");
  app.add_flag("--overdue", options->overdue, "list handed-off leads past routing.sla_hours; exit 1 when any");
  app.add_flag("--simulate", options->simulate, "replay a period's handoffs through today's rules; change nothing");
  app.add_option("--period", options->period, "--simulate: the period (default: report.period)")
      ->type_name("PERIOD");

  Parsed parsed;
  parsed.dry_run = [options] { return options->dry_run || options->overdue || options->simulate; };
  parsed.prepare = [options] {
    auto refuse = [](std::string message, std::string hint) {
      throw Error(ErrorKind::usage, std::move(message), "", 0, 0, std::move(hint));
    };
    if (options->overdue && options->simulate) {
      refuse("--overdue and --simulate are two different reports", "run them one after the other");
    }
    if (options->period && !options->simulate) {
      refuse("--period is for --simulate", "add --simulate, or drop --period");
    }
    if ((options->overdue || options->simulate) && (options->out_dir || options->dry_run)) {
      refuse("--out-dir and --dry-run are for a handoff, not for --overdue or --simulate",
             "--overdue and --simulate change nothing anyway");
    }
  };
  parsed.run = [options](Context& context) {
    if (options->overdue) {
      return overdue(*options, context);
    }
    if (options->simulate) {
      return simulate(*options, context);
    }
    routing::HandoffOptions run;
    run.now = context.now;
    run.actor = actor_or_default(options->actor);
    run.dry_run = options->dry_run;
    if (options->out_dir) {
      run.out_dir = std::filesystem::path(*options->out_dir);
    }
    const routing::HandoffResult result = routing::hand_off(context.store(), run);
    print_rows(*render::formats.parse(options->format), routing::handoff_columns(), result.rows);
    if (!context.quiet()) {
      std::string text = fmt::format("leads handoff: {}{}\n", options->dry_run ? "(dry run) " : "", result.summary);
      for (const auto& [reason, count] : result.left_reasons) {
        text += fmt::format("  left {}: {}\n", count, reason);
      }
      for (const std::string& sheet : result.sheets) {
        text += fmt::format("  sheet: {}\n", sheet);
      }
      std::fputs(text.c_str(), stderr);
    }
    return 0;
  };
  return parsed;
}

} // namespace leads::cli
