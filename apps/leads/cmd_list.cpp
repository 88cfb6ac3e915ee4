#include "cli.hpp"

#include <leads/csv/reader.hpp>
#include <leads/error.hpp>
#include <leads/lead/shard.hpp>
#include <leads/query/list.hpp>
#include <leads/stop.hpp>

#include <fmt/format.h>

namespace leads::cli {

Parsed setup_list(CLI::App& app, const Globals&) {
  struct Options {
    std::string input;
    std::optional<std::string> where;
    std::vector<std::string> fields;
    std::vector<std::string> sort;
    std::optional<long> limit;
    std::string format = "csv";
    std::string output = "-";
    std::optional<std::string> shard;
    std::optional<lead::Shard> parsed_shard;
    CsvInputOptions csv;
  };
  auto options = std::make_shared<Options>();
  app.footer("Print the leads that match --where, with the chosen --fields, sorted and limited. Reads the "
             "workspace store, or any CSV with a header row named as FILE ('-' for stdin; -d and --encoding "
             "say how to read it), or JSON lines (one object a line, as --format jsonl writes them); gzip "
             "and zstd files are read as they are.");
  app.add_option("FILE", options->input,
                 "a lead CSV or JSON lines file to read instead of the store ('-' for stdin; .gz, .zst too)");
  app.add_option("-w,--where", options->where,
                 "only rows where this expression is true (see leads-expressions(7))")
      ->type_name("EXPR");
  app.add_option("-f,--fields", options->fields,
                 "columns to print, in this order (default: all); email_domain too")
      ->delimiter(',')
      ->allow_extra_args(false) // one value each: `--fields a,b FILE` leaves FILE the input
      ->type_name("A,B,...");
  app.add_option("-s,--sort", options->sort, "sort by these columns; '-' before a name sorts descending")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->type_name("[-]A,...");
  app.add_option("-n,--limit", options->limit, "print at most N rows")
      ->type_name("N")
      ->check(count_of("rows"));
  app.add_option("--format", options->format,
                 "csv (default), json, jsonl (one JSON object a line), yaml, table or md")
      ->transform(format_of({render::Format::csv, render::Format::json, render::Format::jsonl,
                             render::Format::yaml, render::Format::table, render::Format::md}));
  app.add_option("-o,--output", options->output, "write to FILE instead of stdout")->type_name("FILE");
  app.add_option("--shard", options->shard,
                 "only the rows of shard I of N, by their id (or lead_id: events.csv, activities.csv)")
      ->type_name("I/N");
  options->csv.add_to(app);

  Parsed parsed;
  parsed.filter_mode = [options] { return !options->input.empty(); };
  parsed.stops_on_signal = true; // an -o file is left as it was, no temp file behind
  parsed.prepare = [options] {
    // A usage error before the search for a workspace (exit 2, not 78).
    if (options->shard) {
      options->parsed_shard = lead::parse_shard(*options->shard);
    }
    const csv::ReaderOptions reading = options->csv.reader_options();
    if (options->input.empty() && (reading.delimiter || reading.encoding != csv::Encoding::utf8 ||
                                   reading.format != csv::InputFormat::automatic)) {
      throw Error(ErrorKind::usage,
                  "-d, --encoding and --input-format are for a FILE; the store is always UTF-8 CSV", "", 0, 0,
                  "name the file to read, or drop the option");
    }
  };
  parsed.run = [options](Context& context) {
    csv::ReaderOptions reader_options = options->csv.reader_options();
    std::string path = options->input;
    std::string name = path == "-" ? "<stdin>" : path;
    if (context.workspace != nullptr) {
      path = context.store().leads_file().string();
      name = store::display_path(context.store().leads_file());
    }
    reader_options.display_name = name;
    // A FILE may be a Salesforce report as exported, whose footer is no rows.
    reader_options.skip_report_footer = !options->input.empty();
    auto reader = csv::Reader::open(path, reader_options);
    if (reader->header().empty()) {
      fmt::print(stderr,
                 "leads list: warning: {}: the input is empty (no header, no rows)\n"
                 "  hint: check that the export or download that made it finished\n",
                 name);
    }

    query::ListOptions list;
    list.where = options->where;
    list.fields = options->fields;
    list.sort = options->sort;
    list.limit = options->limit;
    list.lists = context.settings().lists;
    list.now = context.now;
    for (const config::Stage& stage : context.settings().stages) {
      list.stages.push_back(stage.name);
    }
    list.shard = options->parsed_shard;

    store::Output output(options->output);
    render::RowPrinter::Style style{options->format == "table" && color_wanted(output.fd())};
    query::list_rows(*reader, list, *render::formats.parse(options->format), style,
                     [&](std::string_view bytes) { output.write(bytes); });
    throw_if_stop_requested(); // a file named by -o is written whole or not at all
    output.commit();
    return 0;
  };
  return parsed;
}

} // namespace leads::cli
