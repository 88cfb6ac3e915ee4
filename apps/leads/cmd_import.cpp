#include "cli.hpp"

#include <leads/error.hpp>
#include <leads/import/header_map.hpp>
#include <leads/import/importer.hpp>
#include <leads/import/presets.hpp>
#include <leads/render/render.hpp>
#include <leads/store/lock.hpp>

#include <fmt/format.h>

#include <algorithm>

#include <sys/stat.h>

namespace leads::cli {

namespace {

struct ImportOptions {
  std::vector<std::string> inputs;
  std::string preset;
  std::vector<std::string> maps;
  CsvInputOptions csv;
  std::string date_order;
  std::string merge = "fill";
  std::string source;
  std::optional<std::string> activities;
  std::optional<std::string> rejects;
  std::optional<std::string> output;
  bool dry_run = false;
  bool strict = false;
  std::string format = "text";
};

// Whether the two paths name one file (not "-"): one path, or one existing file.
bool same_file(const std::string& a, const std::string& b) {
  if (a == "-" || b == "-") {
    return false;
  }
  struct stat sa {};
  struct stat sb {};
  return a == b || (::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
                    sa.st_ino == sb.st_ino);
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

// "  rejected: 3 invalid email, 1 no identity" (the five most frequent).
void append_reasons(std::string& out, std::string_view label,
                    const std::vector<std::pair<std::string, long>>& reasons) {
  if (reasons.empty()) {
    return;
  }
  std::string list;
  std::size_t shown = 0;
  for (const auto& [reason, count] : reasons) {
    if (shown++ == 5) {
      list += ", ...";
      break;
    }
    list += fmt::format("{}{} {}", list.empty() ? "" : ", ", count, reason);
  }
  out += fmt::format("  {}: {}\n", label, list);
}

// {"invalid email": 3, "no identity": 1}
void append_json_reasons(std::string& out, const std::vector<std::pair<std::string, long>>& reasons) {
  out += "{";
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    out += i == 0 ? "" : ", ";
    render::append_json_string(out, reasons[i].first);
    out += fmt::format(": {}", reasons[i].second);
  }
  out += "}";
}

std::string text_summary(const import::Summary& summary, const ImportOptions& options) {
  const char* dry = options.dry_run ? "(dry run) " : "";
  std::string out;
  if (!options.inputs.empty()) {
    out += fmt::format("leads import: {}read {}, new {}, merged {}, rejected {}\n", dry, summary.read,
                       summary.created, summary.merged, summary.rejected);
  }
  append_reasons(out, "rejected", summary.reasons); // under the line they count
  if (options.activities) {
    out += fmt::format("leads import: {}activities read {}, added {}, duplicates {}, rejected {}\n", dry,
                       summary.activities_read, summary.activities_added, summary.activities_duplicate,
                       summary.activities_rejected);
  }
  append_reasons(out, "rejected activities", summary.activity_reasons);
  for (const auto& file : summary.rejects_files) {
    out += fmt::format("  rejects: {}\n", store::display_path(file));
  }
  if (summary.empty_rows > 0) {
    out += fmt::format("  skipped: {} empty row{} (no field has a value)\n", summary.empty_rows,
                       summary.empty_rows == 1 ? "" : "s");
  }
  for (const auto& footer : summary.report_footers) {
    out += fmt::format("  skipped: {}:{}: the footer of a Salesforce report (not rows)\n", footer.file,
                       footer.line);
  }
  if (summary.wrote_nothing && options.strict && !options.dry_run) {
    out += "  nothing was written (--strict): fix the rejected rows and run again\n";
  }
  return out;
}

// An input none of whose columns can identify a person: every row was
// rejected. Shows the header as read, where a wrong delimiter or encoding shows.
void print_without_identity(const import::Summary::UnidentifiedInput& input) {
  constexpr std::size_t k_shown_columns = 6;
  constexpr std::size_t k_shown_bytes = 60;
  std::string columns;
  for (std::size_t i = 0; i < input.header.size() && i < k_shown_columns; ++i) {
    std::string_view name = input.header[i];
    const bool cut = name.size() > k_shown_bytes;
    if (cut) {
      std::size_t end = k_shown_bytes; // back to the start of a UTF-8 character
      while (end > 0 && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) {
        --end;
      }
      name = name.substr(0, end);
    }
    columns += fmt::format("{}{:?}{}", i == 0 ? "" : ", ", name, cut ? "..." : "");
  }
  if (input.header.size() > k_shown_columns) {
    columns += ", ...";
  }
  fmt::print(stderr,
             "leads import: warning: {}:{}: no column identifies a person (email, phone, source id, or name "
             "and company), so every row was rejected; the header reads as {} column{}: {}\n"
             "  hint: check the delimiter (-d) and the encoding (--encoding), or name a column with --map "
             "'Column=email'\n",
             input.file, input.line, input.header.size(), input.header.size() == 1 ? "" : "s", columns);
}

// After a warning about each of the first few rows of a kind: how many more there were.
void print_unlisted(long total, std::size_t listed) {
  const long unlisted = total - static_cast<long>(listed);
  if (unlisted > 0) {
    fmt::print(stderr, "leads import: warning: {} more row{} like that\n", unlisted,
               unlisted == 1 ? "" : "s");
  }
}

void print_conflicts(const import::Summary& summary) {
  for (const auto& conflict : summary.first_conflicts) {
    fmt::print(stderr,
               "leads import: warning: {}:{}: merged by {} into lead {} without its {}, which is lead {}'s\n",
               conflict.file, conflict.line, conflict.by, conflict.lead, conflict.key, conflict.owner);
  }
  print_unlisted(summary.conflicts, summary.first_conflicts.size());
  if (summary.conflicts > 0) {
    fmt::print(stderr, "  hint: such a row names two leads (the source system may hold two records of one "
                       "person): merge them there, or correct the row, and import again\n");
  }
}

void print_other_emails(const import::Summary& summary) {
  for (const auto& other : summary.first_other_emails) {
    fmt::print(stderr,
               "leads import: warning: {}:{}: merged by source id into lead {}, which has another email\n",
               other.file, other.line, other.lead);
  }
  print_unlisted(summary.other_emails, summary.first_other_emails.size());
  if (summary.other_emails > 0) {
    fmt::print(stderr, "  hint: right if the person's email changed (the merged event names the email not "
                       "kept); if the column holds no ids of people (row numbers, another system's ids), "
                       "map it to an extra column, as --map 'ID=row_number', and import with --dry-run "
                       "first\n");
  }
}

// Appends `, "key": ["a", "b"]` unless names is empty.
void append_json_names(std::string& out, std::string_view key, const std::vector<std::string>& names) {
  if (names.empty()) {
    return;
  }
  out += fmt::format(", \"{}\": [", key);
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += i == 0 ? "" : ", ";
    render::append_json_string(out, names[i]);
  }
  out += "]";
}

std::string json_summary(const import::Summary& summary, const ImportOptions& options) {
  std::string out =
      fmt::format("{{\"read\": {}, \"new\": {}, \"merged\": {}, \"rejected\": {}, \"dry_run\": {}, "
                  "\"wrote_nothing\": {}, \"reasons\": ",
                  summary.read, summary.created, summary.merged, summary.rejected,
                  options.dry_run ? "true" : "false", summary.wrote_nothing ? "true" : "false");
  append_json_reasons(out, summary.reasons);
  out += ", \"rejects_files\": [";
  for (std::size_t i = 0; i < summary.rejects_files.size(); ++i) {
    out += i == 0 ? "" : ", ";
    // As the text summary shows them: relative to the current folder when inside it.
    render::append_json_string(out, store::display_path(summary.rejects_files[i]));
  }
  out += "]";
  std::vector<std::string> without_identity;
  for (const auto& input : summary.inputs_without_identity) {
    without_identity.push_back(input.file);
  }
  append_json_names(out, "inputs_without_identity", without_identity);
  append_json_names(out, "empty_inputs", summary.empty_inputs);
  std::vector<std::string> with_footer;
  for (const auto& footer : summary.report_footers) {
    with_footer.push_back(fmt::format("{}:{}", footer.file, footer.line));
  }
  append_json_names(out, "report_footers", with_footer);
  if (summary.empty_rows > 0) {
    out += fmt::format(", \"empty_rows\": {}", summary.empty_rows);
  }
  if (summary.conflicts > 0) {
    out += fmt::format(", \"conflicts\": {}", summary.conflicts);
  }
  if (summary.other_emails > 0) {
    out += fmt::format(", \"other_emails\": {}", summary.other_emails);
  }
  if (options.activities) {
    out +=
        fmt::format(", \"activities\": {{\"read\": {}, \"added\": {}, \"duplicates\": {}, \"rejected\": {}, "
                    "\"reasons\": ",
                    summary.activities_read, summary.activities_added, summary.activities_duplicate,
                    summary.activities_rejected);
    append_json_reasons(out, summary.activity_reasons);
    out += "}";
  }
  out += "}\n";
  return out;
}

} // namespace

std::function<int()> setup_import(CLI::App& app, const Globals& globals) {
  auto options = std::make_shared<ImportOptions>();
  app.footer(
      "Import CSV exports (HubSpot, Salesforce, Pipedrive, Mailchimp, spreadsheets) into the lead store, or, "
      "with -o, to a lead CSV. Sniffs the delimiter, handles BOMs, CRLF, quoted newlines, Windows-1252, "
      "UTF-16 and the footer under a Salesforce report; "
      "maps headers to canonical fields (a later column of a field fills in where the first is empty); "
      "normalizes emails, names, phones (E.164, extensions kept), countries (ISO 3166), dates and websites; "
      "rejects rows that identify nobody (to a rejects file, with the reason); dedupes by email, then the "
      "source's id, then phone (not across different emails), and merges duplicates (a row that names two "
      "leads merges into the first without the other's email or source id, with a warning); skips "
      "activities already imported.");
  app.add_option("FILE", options->inputs, "CSV exports to import ('-' for stdin)");
  app.add_option("--preset", options->preset, "header and picklist mapping of a CRM export")
      ->check(CLI::IsMember({"hubspot", "salesforce", "pipedrive", "mailchimp"}));
  app.add_option("--map", options->maps,
                 "map a source column to a field: 'Source Column=field' ('Col=' drops it); repeatable")
      ->type_name("'COL=FIELD'")
      ->allow_extra_args(false); // one value each: `--map A=b FILE` leaves FILE an input
  options->csv.add_to(app);
  app.add_option("--date-order", options->date_order,
                 "how to read 03/05/2026: mdy, dmy or ymd (default: leads.yaml)")
      ->check(CLI::IsMember({"mdy", "dmy", "ymd"}));
  app.add_option("--merge", options->merge, "how duplicates merge: fill (default), newest, keep")
      ->check(CLI::IsMember({"fill", "newest", "keep"}));
  app.add_option("--source", options->source, "set `source` on rows that have none")->type_name("NAME");
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
  app.add_option("--format", options->format, "summary format: text (default, on stderr) or json")
      ->check(CLI::IsMember({"text", "json"}));

  return [options, &globals] {
    if (options->inputs.empty() && !options->activities) {
      throw Error(ErrorKind::usage, "nothing to import", "", 0, 0,
                  "name one or more CSV files ('-' for stdin), or --activities FILE");
    }
    const auto stdin_uses = std::count(options->inputs.begin(), options->inputs.end(), "-") +
                            (options->activities == "-" ? 1 : 0);
    if (stdin_uses > 1) {
      throw Error(ErrorKind::usage, "standard input ('-') is named more than once; it can be read only once",
                  "", 0, 0, "save all but one of those inputs to files first");
    }
    import::Options run;
    run.inputs = options->inputs;
    run.preset = options->preset;
    for (const auto& map : options->maps) {
      run.maps.push_back(import::parse_column_map(map));
    }
    const csv::ReaderOptions reading = options->csv.reader_options();
    run.delimiter = reading.delimiter;
    run.encoding = reading.encoding;
    if (!options->date_order.empty()) {
      run.date_order = normalize::parse_date_order(options->date_order);
    }
    run.merge = *import::parse_merge_policy(options->merge);
    run.dry_run = options->dry_run;
    run.strict = options->strict;
    run.source = options->source;
    run.now = globals.now();
    run.activities = options->activities;
    StopOnSignals stop_on_signals; // Ctrl-C: stop, and change nothing
    Progress progress("leads import", !globals.quiet);
    run.progress = [&progress](std::uint64_t done, std::uint64_t total) { progress.update(done, total); };

    import::Summary summary;
    const bool filter_mode = options->output.has_value();
    if (filter_mode) {
      if (options->activities) {
        throw Error(ErrorKind::usage, "--activities needs a workspace, not -o", "", 0, 0,
                    "drop -o to import into the workspace, or import activities in a separate run");
      }
      if (options->rejects == "-" && *options->output == "-") {
        throw Error(ErrorKind::usage, "-o - and --rejects - would both write to standard output", "", 0, 0,
                    "send one of them to a file");
      }
      refuse_overwriting(*options->output, "-o", *options);
      if (options->rejects) {
        refuse_overwriting(*options->rejects, "--rejects", *options);
      }
      // Rejects go to stderr as they are found, unless a rejects file is named.
      if (!options->rejects) {
        run.on_reject = [](const import::RejectedRow& row) {
          fmt::print(stderr, "leads import: {}:{}: rejected: {}\n", row.file, row.line, row.reason);
        };
      }
      auto config = globals.filter_config();
      Output output(*options->output);
      summary = import::import_to_stream(config, run, output.fd(), output.display_name(), options->rejects);
      progress.finish();
      if (!summary.wrote_nothing) {
        output.commit();
      }
    } else {
      if (options->rejects) {
        throw Error(ErrorKind::usage, "--rejects is for filter mode (-o)", "", 0, 0,
                    "in a workspace, rejected rows go to rejects/ beside the store");
      }
      auto workspace = globals.workspace();
      // A dry run only reads: it runs in a workspace it cannot write, too.
      store::WorkspaceLock lock(workspace.data_dir(), globals.wait_seconds,
                                run.dry_run ? store::WorkspaceLock::Access::read
                                            : store::WorkspaceLock::Access::write);
      summary = import::import_into_workspace(workspace, run);
      progress.finish();
    }
    for (const auto& rejected : summary.rejected_rows) {
      fmt::print(stderr, "leads import: {}:{}: rejected: {}\n", rejected.file, rejected.line,
                 rejected.reason);
    }
    for (const auto& map : summary.unused_maps) {
      fmt::print(stderr, "leads import: warning: --map '{}' matched no column of the input\n", map);
    }
    for (const auto& input : summary.inputs_without_identity) {
      print_without_identity(input);
    }
    print_conflicts(summary);
    print_other_emails(summary);
    for (const auto& input : summary.empty_inputs) {
      fmt::print(stderr,
                 "leads import: warning: {}: the input is empty (no header, no rows)\n"
                 "  hint: check that the export or download that made it finished\n",
                 input);
    }
    if (options->format == "json") {
      std::string json = json_summary(summary, *options);
      // When stdout carries CSV (the leads of -o -, the rejects of --rejects -),
      // the summary goes to stderr, so that the CSV stays whole.
      const bool csv_on_stdout = filter_mode && (*options->output == "-" || options->rejects == "-");
      std::fputs(json.c_str(), csv_on_stdout ? stderr : stdout);
    } else if (!globals.quiet) {
      std::fputs(text_summary(summary, *options).c_str(), stderr);
    }
    if (options->strict && (summary.rejected > 0 || summary.activities_rejected > 0)) {
      return exit_code(ErrorKind::data);
    }
    return 0;
  };
}

} // namespace leads::cli
