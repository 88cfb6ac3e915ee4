#include "cli.hpp"

#include <leads/error.hpp>
#include <leads/lead/shard.hpp>
#include <leads/model/model_file.hpp>
#include <leads/model/training_run.hpp>
#include <leads/scoring/run.hpp>

#include <fmt/format.h>

namespace leads::cli {

namespace {

struct ScoreOptions {
  std::string input;
  std::optional<std::string> output;
  std::optional<std::string> activities;
  std::optional<std::string> explain;
  std::string format = "csv";
  bool dry_run = false;
  std::optional<std::string> model;
  bool train = false;
  bool evaluate = false;
  std::optional<std::string> label;
  std::vector<std::string> features;
  std::vector<std::string> exclude;
  double l2 = model::k_default_l2;
  std::size_t folds = 5;
  std::optional<long> top;
  std::optional<std::string> shard_text;
  std::optional<lead::Shard> shard;
  std::string input_format = "auto";

  bool filter_mode() const { return !input.empty(); }
  bool learning() const { return train || evaluate; }
};

// Usage errors that need no file read: before anything is set up.
void check_usage(ScoreOptions& o) {
  auto refuse = [](std::string message, std::string hint) {
    throw Error(ErrorKind::usage, std::move(message), "", 0, 0, std::move(hint));
  };
  if (o.shard_text) {
    o.shard = lead::parse_shard(*o.shard_text);
  }
  if (!o.filter_mode() && o.input_format != "auto") {
    refuse("--input-format is for a FILE; the store is always CSV",
           "name the file to read, or drop the option");
  }
  if (o.learning() && o.shard) {
    refuse("--shard is for scoring: --train and --evaluate learn from every lead",
           "drop --shard, or train on the shard's leads as a FILE (leads list --shard I/N > shard.csv)");
  }
  if (o.learning()) {
    if (o.train && !o.output) {
      refuse("--train needs -o MODEL.yaml, the model file to write", "add -o model.yaml");
    }
    if (o.filter_mode() && !o.label) {
      refuse("--train and --evaluate on a FILE need --label COLUMN, the outcome column",
             "name the column that says whether the lead converted, e.g. --label Converted");
    }
    if (!o.filter_mode() && o.label) {
      refuse("--label is for a FILE: in a workspace the label is each lead's stage history (won or lost)",
             "drop --label, or name the CSV to learn from");
    }
    if (o.explain || o.activities || o.model || o.dry_run) {
      refuse("--explain, --activities, --model and --dry-run are for scoring, not for --train or --evaluate",
             "run leads score --train first, then leads score --model FILE");
    }
    if (o.folds < 2) {
      refuse("--folds must be at least 2", "5 is the usual choice");
    }
    return;
  }
  if (o.label || !o.features.empty() || !o.exclude.empty()) {
    refuse("--label, --features and --exclude are for --train and --evaluate", "add --train -o model.yaml");
  }
  if (!o.filter_mode() && o.activities) {
    refuse("--activities is for filter mode: in a workspace, activities.csv is read",
           "add activities to the workspace with leads import --activities FILE");
  }
  if (!o.filter_mode() && o.output) {
    refuse("-o is for filter mode (a FILE) and --train: in a workspace the store is scored in place",
           "name the CSV to score, or drop -o");
  }
}

int learn(const ScoreOptions& options, Context& context) {
  model::FeatureOptions features;
  features.label = options.label.value_or("");
  features.features = options.features;
  features.exclude = options.exclude;
  features.null_values = context.settings().null_values;
  std::optional<model::Dataset> data;
  if (context.workspace == nullptr) {
    csv::ReaderOptions reading;
    reading.ragged = csv::RaggedPolicy::allow;
    reading.format = input_format(options.input_format);
    auto reader = csv::Reader::open(options.input, reading);
    data.emplace(model::dataset_from_csv(*reader, features));
  } else {
    data.emplace(model::dataset_from_workspace(context.store(), features));
  }
  model::TrainOptions train;
  train.l2 = options.l2;
  train.now = context.now;
  std::optional<model::Evaluation> evaluation;
  if (options.evaluate) {
    evaluation = model::evaluate(*data, train, options.folds,
                                 options.top ? std::optional<std::size_t>(*options.top) : std::nullopt);
  }
  if (options.train) {
    model::Training training = model::train(*data, train);
    if (evaluation) {
      training.model.cv_auc = evaluation->mean_auc;
    }
    store::Output file(*options.output);
    file.write(model::write_model(training.model));
    file.commit();
    if (!context.quiet()) {
      std::fputs(model::training_report(training, *data).c_str(), stderr);
    }
  }
  if (evaluation) {
    store::Output out("-");
    out.write(model::evaluation_text(*evaluation, *render::formats.parse(options.format), color_wanted(1)));
    out.commit();
  }
  return 0;
}

} // namespace

Parsed setup_score(CLI::App& app, const Globals&) {
  auto options = std::make_shared<ScoreOptions>();
  app.footer("Score every lead from the scoring: model of leads.yaml: fit (who the lead is) plus engagement "
             "(what the lead did, halved every half_life_days), a grade such as A1, and the promotion of "
             "qualifying leads to the MQL stage. Without FILE the workspace's store is scored in place (with "
             "events); with FILE or - the scored CSV goes to standard output. --explain shows every point; "
             "--train fits a logistic regression on won/lost history and --model applies it.");
  app.add_option("FILE", options->input,
                 "a lead CSV or JSON lines file to score instead of the store "
                 "('-' for stdin; .gz, .zst too)");
  app.add_option("-o,--output", options->output, "filter mode: the scored CSV; --train: the model file")
      ->type_name("FILE");
  app.add_option("--activities", options->activities,
                 "filter mode: activities for engagement (at,lead_id,type,...)")
      ->type_name("FILE");
  app.add_option("--explain", options->explain,
                 "print how a lead (or every lead: all) got its points; change nothing")
      ->type_name("ID|EMAIL|all");
  app.add_option("--format", options->format,
                 "--explain and --evaluate: csv (default), json, jsonl (one object a line), yaml or table")
      ->transform(format_of({render::Format::csv, render::Format::json, render::Format::jsonl,
                             render::Format::yaml, render::Format::table}));
  add_input_format(app, options->input_format);
  app.add_flag("--dry-run", options->dry_run, "score and count, but change nothing");
  app.add_option("--model", options->model, "apply this model file (default: scoring.model of leads.yaml)")
      ->type_name("FILE");
  app.add_flag("--train", options->train, "fit a logistic regression and write it to -o; score nothing");
  app.add_flag("--evaluate", options->evaluate,
               "cross-validate such a model: AUC, precision at k, calibration");
  app.add_option("--label", options->label, "with a FILE: the outcome column (1/0, true/false, yes/no)")
      ->type_name("COLUMN");
  app.add_option("--features", options->features, "--train: use only these columns")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->type_name("A,B,...");
  app.add_option("--exclude", options->exclude, "--train: never use these columns")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->type_name("A,B,...");
  app.add_option("--l2", options->l2, "--train: the L2 penalty (default 0.001)")
      ->type_name("X")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--folds", options->folds, "--evaluate: folds (default 5)")->type_name("K");
  app.add_option("--top", options->top, "--evaluate: k of precision at k (default: 10 % of the rows)")
      ->type_name("K")
      ->check(count_of("rows"));
  app.add_option("--shard", options->shard_text,
                 "score only the leads of shard I of N, by id (in a workspace the others stay as they are)")
      ->type_name("I/N");

  Parsed parsed;
  parsed.filter_mode = [options] { return options->filter_mode(); };
  // Only scoring the store writes: --explain, --train and --evaluate read it.
  parsed.dry_run = [options] { return options->dry_run || options->explain || options->learning(); };
  parsed.prepare = [options] { check_usage(*options); };
  parsed.run = [options](Context& context) {
    if (options->learning()) {
      return learn(*options, context);
    }
    scoring::RunOptions run;
    run.now = context.now;
    run.dry_run = options->dry_run;
    run.model_file = scoring::model_path(context.settings(), options->model);
    run.activities = options->activities;
    run.explain = options->explain;
    run.shard = options->shard;
    Progress progress("leads score", !context.quiet());
    run.progress = [&progress](std::uint64_t done, std::uint64_t total) { progress.update(done, total); };

    store::Output out(options->output.value_or("-"));
    std::optional<scoring::ExplanationPrinter> explanations;
    if (options->explain) {
      explanations.emplace(*render::formats.parse(options->format), color_wanted(1), out);
      run.on_explain = [&](const scoring::Explanation& e) { explanations->print(e); };
    }
    scoring::RunSummary summary;
    if (context.workspace == nullptr) {
      csv::ReaderOptions reading;
      reading.ragged = csv::RaggedPolicy::allow;
      reading.format = input_format(options->input_format);
      auto reader = csv::Reader::open(options->input, reading);
      summary = scoring::score_stream(context.settings(), *reader, options->explain ? nullptr : &out, run);
    } else {
      summary = scoring::score_workspace(context.store(), run);
    }
    progress.finish();
    if (explanations) {
      explanations->finish();
    }
    out.commit();
    if (!context.quiet() && !options->explain) {
      std::fputs(scoring::summary_text(summary, options->dry_run).c_str(), stderr);
    }
    return 0;
  };
  return parsed;
}

} // namespace leads::cli
