#include "cli.hpp"

#include <leads/csv/decompress.hpp>
#include <leads/error.hpp>
#include <leads/stages/move_run.hpp>

#include <fmt/format.h>

#include <iostream>
#include <iterator>

namespace leads::cli {

Parsed setup_move(CLI::App& app, const Globals&) {
  struct Options {
    std::vector<std::string> targets;
    std::string to;
    std::string reason;
    bool force = false;
    std::optional<std::string> actor;
    bool dry_run = false;
    std::string format = "table";
  };
  auto options = std::make_shared<Options>();
  app.footer("Move leads to another stage, checked against the stage graph of leads.yaml (stages: next:). "
             "All or nothing: a refused move or a target that names no lead changes nothing (exit 65). Each "
             "move sets stage, stage_at and updated_at and appends a stage event with the actor and the "
             "reason.");
  app.add_option("TARGET", options->targets,
                 "lead ids or emails; '-' reads one a line from standard input (gzip or zstd too)")
      ->required();
  app.add_option("--to", options->to, "the stage to move the leads to")
      ->required()
      ->type_name("STAGE")
      ->check(stage_names());
  app.add_option("--reason", options->reason, "why (the events' note); required where stages: says so")
      ->type_name("TEXT");
  app.add_flag("--force", options->force, "make moves the stage graph does not allow");
  app.add_option("--actor", options->actor, "who moves them (default: LEADS_ACTOR, else the user)")
      ->type_name("NAME");
  app.add_flag("--dry-run", options->dry_run, "check and print what would happen; change nothing");
  app.add_option("--format", options->format, "table (default), csv, json, jsonl (one object a line) or yaml")
      ->transform(format_of({render::Format::table, render::Format::csv, render::Format::json,
                             render::Format::jsonl, render::Format::yaml}));

  Parsed parsed;
  parsed.dry_run = [options] { return options->dry_run; };
  // Targets from standard input are read before the lock is taken, so that a
  // pipeline's `leads list` is never waited on while holding it.
  parsed.prepare = [options] {
    if (std::find(options->targets.begin(), options->targets.end(), "-") == options->targets.end()) {
      return;
    }
    if (options->targets.size() > 1) {
      throw Error(ErrorKind::usage, "'-' reads the targets from standard input: give no other target", "", 0, 0,
                  "put every target on standard input, or none there");
    }
    // (gzip or zstd too: `leads move - --to lost < lost-ids.txt.gz`)
    const std::string input = csv::decompressed(
        std::string((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>()), "<stdin>");
    options->targets.clear();
    stages::read_targets(input, options->targets);
  };
  parsed.run = [options](Context& context) {
    if (options->targets.empty()) {
      // A script's selection that found nothing today: nothing to do.
      if (!context.quiet()) {
        std::fputs("leads move: nothing to move: standard input named no lead\n", stderr);
      }
      return 0;
    }
    stages::MoveRequest request;
    request.to = options->to;
    request.reason = options->reason;
    request.force = options->force;
    request.actor = actor_or_default(options->actor);
    request.now = context.now;
    const stages::MoveResult result =
        stages::move_leads(context.store(), request, options->targets, options->dry_run);
    std::vector<std::vector<std::string>> rows;
    for (const stages::MoveOutcome& outcome : result.outcomes) {
      rows.push_back(stages::result_row(outcome, result, options->dry_run));
    }
    print_rows(*render::formats.parse(options->format), stages::result_columns(), rows);
    if (!context.quiet() || result.refused) {
      std::fputs(stages::summary_text(result, options->dry_run).c_str(), stderr);
    }
    return result.refused ? exit_code(ErrorKind::data) : 0;
  };
  return parsed;
}

} // namespace leads::cli
