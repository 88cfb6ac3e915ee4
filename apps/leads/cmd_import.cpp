#include "cli.hpp"

#include <leads/error.hpp>
#include <leads/import/header_map.hpp>
#include <leads/import/importer.hpp>
#include <leads/import/presets.hpp>
#include <leads/import/stage_dates.hpp>
#include <leads/import/summary.hpp>
#include <leads/lead/shard.hpp>
#include <leads/render/json_lines.hpp>
#include <leads/store/posix_file.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace leads::cli {

namespace {

struct ImportOptions {
  std::vector<std::string> inputs;
  std::string preset;
  std::vector<std::string> maps;
  std::vector<std::string> stage_dates;
  std::vector<std::string> sets;
  CsvInputOptions csv;
  std::string date_order;
  std::string merge = "fill";
  std::string source;
  std::optional<std::string> activities;
  std::optional<std::string> rejects;
  std::optional<std::string> output;
  bool allow_opt_in = false;
  bool dry_run = false;
  bool strict = false;
  std::string format = "text";
  std::optional<std::string> shard;
};

// Whether the two paths name one file; standard input and output ("-") never do.
bool same_file(const std::string& a, const std::string& b) {
  return a != "-" && b != "-" && store::posix::same_file(a, b);
}

// Refuses a filter-mode output (what: "-o" or "--rejects") that would
// replace one of the inputs, or the other output: the rows written there
// would take the place of rows not yet safe anywhere else.
void refuse_overwriting(const std::string& path, std::string_view what, const ImportOptions& options) {
  for (const std::string& input : options.inputs) {
    if (same_file(path, input)) {
      throw Error(ErrorKind::usage, fmt::format("{} {} would replace the input {}", what, path, input), "", 0,
                  0, "write to another file");
    }
  }
  if (what == "--rejects" && options.output && same_file(path, *options.output)) {
    throw Error(ErrorKind::usage, fmt::format("-o and --rejects both name {}", path), "", 0, 0,
                "send the rejected rows to another file");
  }
}

// Usage errors that need no file read: before anything is set up.
void check_usage(const ImportOptions& options) {
  if (options.inputs.empty() && !options.activities) {
    throw Error(ErrorKind::usage, "nothing to import", "", 0, 0,
                "name one or more CSV files ('-' for stdin), or --activities FILE");
  }
  const auto stdin_uses =
      std::count(options.inputs.begin(), options.inputs.end(), "-") + (options.activities == "-" ? 1 : 0);
  if (stdin_uses > 1) {
    throw Error(ErrorKind::usage, "standard input ('-') is named more than once; it can be read only once",
                "", 0, 0, "save all but one of those inputs to files first");
  }
  if (options.output) {
    if (options.activities) {
      throw Error(ErrorKind::usage, "--activities needs a workspace, not -o", "", 0, 0,
                  "drop -o to import into the workspace, or import activities in a separate run");
    }
    if (options.rejects == "-" && *options.output == "-") {
      throw Error(ErrorKind::usage, "-o - and --rejects - would both write to standard output", "", 0, 0,
                  "send one of them to a file");
    }
    refuse_overwriting(*options.output, "-o", options);
    if (options.rejects) {
      refuse_overwriting(*options.rejects, "--rejects", options);
    }
  } else if (options.rejects) {
    throw Error(ErrorKind::usage, "--rejects is for filter mode (-o)", "", 0, 0,
                "in a workspace, rejected rows go to rejects/ beside the store");
  }
}

// The library's options of the run, from the command line's.
import::Options run_options(const ImportOptions& options, const Context& context) {
  import::Options run;
  run.inputs = options.inputs;
  run.preset = options.preset;
  for (const auto& map : options.maps) {
    run.maps.push_back(import::parse_column_map(map));
  }
  for (const auto& stage_date : options.stage_dates) {
    run.stage_dates.push_back(import::parse_stage_date(stage_date));
  }
  for (const auto& set : options.sets) {
    run.sets.push_back(import::parse_set(set));
  }
  run.reading = options.csv.reader_options();
  if (!options.date_order.empty()) {
    run.date_order = normalize::date_orders.parse(options.date_order);
  }
  run.merge = *import::merge_policies.parse(options.merge);
  run.allow_opt_in = options.allow_opt_in;
  run.dry_run = options.dry_run;
  run.strict = options.strict;
  run.source = options.source;
  run.now = context.now;
  run.activities = options.activities;
  if (options.shard) {
    const lead::Shard shard = lead::parse_shard(*options.shard);
    run.shard_index = shard.index;
    run.shard_count = shard.count;
  }
  return run;
}

} // namespace

Parsed setup_import(CLI::App& app, const Globals&) {
  auto options = std::make_shared<ImportOptions>();
  app.footer(
      "Import CSV exports (HubSpot, Salesforce, Pipedrive, Mailchimp, spreadsheets) into the lead store, or, "
      "with -o, to a lead CSV. Sniffs the delimiter, handles BOMs, CRLF, quoted newlines, Windows-1252, "
      "UTF-16 and the footer under a Salesforce report; "
      "maps headers to canonical fields (a later column of a field fills in where the first is empty); "
      "normalizes emails (internationalized domains in Unicode), names, phones (E.164, extensions kept), "
      "countries (ISO 3166), dates and websites; rejects rows that identify nobody (to a rejects file, with "
      "the reason), and leaves out, with a warning, an optional cell it cannot read; dedupes by email, then "
      "the source's id, then phone (not across different emails, nor different names), and merges "
      "duplicates (a row that names two leads merges into the first without the other's email or source "
      "id, with a warning); an opt-out (do_not_contact) always wins; a merge that changes nothing counts as "
      "unchanged and records no event; skips activities already imported. Reads JSON lines too (one "
      "object a line), and gzip and zstd files as they are. --shard I/N keeps the leads of one shard.");
  std::vector<std::string> presets(import::preset_names().begin(), import::preset_names().end());
  app.add_option("FILE", options->inputs,
                 "CSV or JSON lines exports to import ('-' for stdin; .gz, .zst too)");
  app.add_option("--preset", options->preset, "header and picklist mapping of a CRM export")
      ->transform(one_of(presets));
  app.add_option("--map", options->maps,
                 "map a source column to a field: 'Source Column=field' ('Col=' drops it); repeatable")
      ->type_name("'COL=FIELD'")
      ->allow_extra_args(false); // one value each: `--map A=b FILE` leaves FILE an input
  app.add_option("--stage-date", options->stage_dates,
                 "a column of dates of entries into a stage, each a stage event: 'Column=stage', or "
                 "'Column=stage_at' for the date of the stage a row gives; every input must have the "
                 "column; repeatable (leads.yaml: import.stage_dates)")
      ->type_name("'COL=STAGE'")
      ->allow_extra_args(false);
  app.add_option("--set", options->sets,
                 "give FIELD this value in every row that has none (a cell of the file wins), normalized "
                 "and mapped as a cell: --set stage=mql; repeatable")
      ->type_name("FIELD=VALUE")
      ->allow_extra_args(false);
  options->csv.add_to(app);
  app.add_option("--date-order", options->date_order,
                 "how to read 03/05/2026: mdy, dmy or ymd (default: leads.yaml)")
      ->transform(one_of(normalize::date_orders));
  app.add_option("--merge", options->merge, "how duplicates merge: fill (default), newest, keep")
      ->transform(one_of(import::merge_policies));
  app.add_option("--source", options->source, "set `source` on rows that have none")->type_name("NAME");
  app.add_flag("--allow-opt-in", options->allow_opt_in,
               "let rows set do_not_contact back to false (people who subscribed again); without it an "
               "opt-out always wins");
  app.add_option("--activities", options->activities,
                 "also import engagement events (at, email or lead_id, type, detail, source); rows already "
                 "imported are skipped")
      ->type_name("FILE");
  app.add_option("--rejects", options->rejects,
                 "filter mode: write rejected rows to FILE ('-' for stdout; default: stderr)")
      ->type_name("FILE");
  app.add_option("-o,--output", options->output, "filter mode: write the leads CSV to FILE ('-' for stdout)")
      ->type_name("FILE");
  app.add_flag("--dry-run", options->dry_run, "read, check and count as a real run, but write nothing");
  app.add_flag("--strict", options->strict, "exit 65 and write nothing if any row is rejected");
  app.add_option("--format", options->format,
                 "summary format: text (default, on stderr), json, or jsonl (json on one line)")
      ->transform(format_of({render::Format::text, render::Format::json, render::Format::jsonl}));
  app.add_option("--shard", options->shard,
                 "keep only the leads of shard I of N, by their final id (the whole input is read and "
                 "deduplicated; see leads-import(1), SHARDS)")
      ->type_name("I/N");

  Parsed parsed;
  parsed.filter_mode = [options] { return options->output.has_value(); };
  parsed.dry_run = [options] { return options->dry_run; };
  parsed.prepare = [options] {
    check_usage(*options);
    if (options->shard) {
      lead::parse_shard(*options->shard); // a usage error before the search for a workspace
    }
  };
  parsed.run = [options](Context& context) {
    import::Options run = run_options(*options, context);
    Progress progress("leads import", !context.quiet());
    run.progress = [&progress](std::uint64_t done, std::uint64_t total) { progress.update(done, total); };

    import::Summary summary;
    const bool filter_mode = context.workspace == nullptr;
    if (filter_mode) {
      // Rejects go to stderr as they are found, unless a rejects file is named.
      if (!options->rejects) {
        run.on_reject = [](const import::RejectedRow& row) {
          fmt::print(stderr, "leads import: {}:{}: rejected: {}\n", row.file, row.line, row.reason);
        };
      }
      store::Output output(*options->output);
      summary = import::import_to_stream(context.settings(), run, output, options->rejects);
      progress.finish();
      if (!summary.wrote_nothing) {
        output.commit();
      }
    } else {
      summary = import::import_into_workspace(context.store(), run);
      progress.finish();
    }
    std::fputs(import::warnings_text(summary).c_str(), stderr);
    const import::SummaryContext shown{options->dry_run, options->strict, !options->inputs.empty(),
                                       options->activities.has_value(), filter_mode};
    if (options->format == "json" || options->format == "jsonl") {
      // When stdout carries CSV (the leads of -o -, the rejects of --rejects -),
      // the summary goes to stderr, so that the CSV stays whole.
      const bool csv_on_stdout = filter_mode && (*options->output == "-" || options->rejects == "-");
      std::fputs(
          render::to_document(import::summary_object(summary, shown), *render::formats.parse(options->format))
              .c_str(),
          csv_on_stdout ? stderr : stdout);
    } else if (!context.quiet()) {
      std::fputs(import::summary_text(summary, shown).c_str(), stderr);
    }
    if (options->strict && (summary.rejected > 0 || summary.activities_rejected > 0)) {
      return exit_code(ErrorKind::data);
    }
    return 0;
  };
  return parsed;
}

} // namespace leads::cli
