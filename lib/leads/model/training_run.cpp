#include <leads/model/training_run.hpp>

#include <leads/error.hpp>
#include <leads/lead/fields.hpp>
#include <leads/model/label.hpp>
#include <leads/render/json_lines.hpp>
#include <leads/stop.hpp>
#include <leads/store/history.hpp>
#include <leads/store/store_reader.hpp>

#include <fmt/format.h>

#include <unordered_set>

namespace leads::model {

namespace {

// The leads that ever entered a won stage, from the stage events of events.csv.
std::unordered_set<std::string> ever_won(const store::Workspace& workspace) {
  std::unordered_set<std::string> won;
  std::error_code ec;
  if (!std::filesystem::exists(workspace.events_file(), ec)) {
    return won;
  }
  csv::ReaderOptions reading;
  reading.display_name = store::display_path(workspace.events_file());
  reading.ragged = csv::RaggedPolicy::allow;
  auto reader = csv::Reader::open(workspace.events_file().string(), reading);
  const std::string_view stage = store::event_kinds.name(store::EventKind::stage);
  const std::string_view created = store::event_kinds.name(store::EventKind::created);
  csv::Record record;
  while (reader->next(record)) {
    if (record.fields.size() < 5 || (record.fields[2] != stage && record.fields[2] != created)) {
      continue;
    }
    const config::Stage* to = workspace.config.find_stage(record.fields[4]);
    if (to != nullptr && to->won) {
      won.emplace(record.fields[1]);
    }
  }
  return won;
}

std::string fixed4(double value) {
  return fmt::format("{:.4f}", value);
}

} // namespace

Dataset dataset_from_csv(csv::Reader& input, const FeatureOptions& options) {
  Dataset data(input.header(), options);
  csv::Record record;
  while (input.next(record)) {
    data.add(record.fields);
    if (data.rows() % 65536 == 0) {
      throw_if_stop_requested();
    }
  }
  return data;
}

Dataset dataset_from_workspace(const store::Workspace& workspace, FeatureOptions options) {
  options.label.clear();
  options.outcome_columns.assign(k_outcome_columns.begin(), k_outcome_columns.end());
  const std::unordered_set<std::string> won = ever_won(workspace);
  store::StoreReader store(workspace.leads_file());
  Dataset data(store.header(), options);
  const std::size_t stage = field_index(Field::stage);
  std::string id;
  while (store.next()) {
    const auto& fields = store.record().fields;
    id.assign(fields[0]);
    data.add(fields, label_from_stages(workspace.config, fields[stage], won.count(id) > 0));
  }
  return data;
}

std::string training_report(const Training& training, const Dataset& data) {
  std::string out;
  for (std::size_t i = 0; i < training.columns.size(); ++i) {
    const ColumnReport& column = training.columns[i];
    // A header's trailing comma makes a column without a name: say which.
    const std::string name = column.name.empty() ? fmt::format("(column {}, no name)", i + 1) : column.name;
    if (column.use == ColumnReport::Use::dropped) {
      out += fmt::format("leads score: {}: not used: {}\n", name, column.reason);
    } else {
      out += fmt::format("leads score: {}: {}{}\n", name, use_name(column.use),
                         column.reason.empty() ? "" : " (" + column.reason + ")");
    }
  }
  const std::size_t features = training.fit.weights.size();
  out += fmt::format("leads score: trained on {} rows ({} positive, {} unlabelled), {} features, AUC {}\n",
                     data.rows(), data.positives(), data.unlabelled(), features, fixed4(training.model.auc));
  return out;
}

std::vector<std::pair<std::string, std::string>> evaluation_rows(const Evaluation& evaluation) {
  std::vector<std::pair<std::string, std::string>> rows;
  rows.emplace_back("folds", std::to_string(evaluation.folds));
  rows.emplace_back("auc", fixed4(evaluation.mean_auc));
  for (std::size_t i = 0; i < evaluation.fold_auc.size(); ++i) {
    rows.emplace_back(fmt::format("auc fold {}", i + 1),
                      evaluation.fold_auc[i] ? fixed4(*evaluation.fold_auc[i]) : std::string("-"));
  }
  rows.emplace_back("top k", std::to_string(evaluation.top));
  rows.emplace_back("precision at k", fixed4(evaluation.precision_at_top));
  rows.emplace_back("base rate", fixed4(evaluation.base_rate));
  rows.emplace_back("brier", fixed4(evaluation.brier));
  for (const CalibrationBin& bin : evaluation.calibration) {
    rows.emplace_back(fmt::format("bin {:.1f}-{:.1f}", bin.low, bin.high),
                      fmt::format("{} rows, predicted {:.3f}, observed {:.3f}", bin.count, bin.mean_predicted,
                                  bin.observed_rate));
  }
  return rows;
}

render::Object evaluation_object(const Evaluation& evaluation) {
  render::Array folds;
  for (const std::optional<double>& auc : evaluation.fold_auc) {
    folds.push(auc ? render::Value(*auc) : render::Value());
  }
  render::Array calibration;
  for (const CalibrationBin& bin : evaluation.calibration) {
    calibration.push(render::Object()
                         .set("low", bin.low)
                         .set("high", bin.high)
                         .set("count", static_cast<long>(bin.count))
                         .set("mean_predicted", bin.mean_predicted)
                         .set("observed_rate", bin.observed_rate));
  }
  return render::Object()
      .set("folds", static_cast<long>(evaluation.folds))
      .set("auc", evaluation.mean_auc)
      .set("fold_auc", folds)
      .set("top", static_cast<long>(evaluation.top))
      .set("precision_at_top", evaluation.precision_at_top)
      .set("base_rate", evaluation.base_rate)
      .set("brier", evaluation.brier)
      .set("calibration", calibration);
}

std::string evaluation_text(const Evaluation& evaluation, render::Format format, bool color) {
  if (format == render::Format::json || format == render::Format::jsonl || format == render::Format::yaml) {
    return render::to_document(evaluation_object(evaluation), format);
  }
  render::RowPrinter printer(format, {"figure", "value"}, {color});
  std::string text;
  printer.begin(text);
  for (const auto& [figure, value] : evaluation_rows(evaluation)) {
    printer.row(text, {figure, value});
  }
  printer.end(text);
  return text;
}

} // namespace leads::model
