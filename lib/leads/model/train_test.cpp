#include <leads/model/model.hpp>

#include <leads/config/config.hpp>
#include <leads/csv/reader.hpp>
#include <leads/error.hpp>
#include <leads/model/encoding.hpp>
#include <leads/model/model_file.hpp>
#include <leads/model/scorer.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

using leads::model::ColumnReport;
using leads::model::Dataset;
using leads::model::FeatureOptions;
using leads::model::TrainOptions;

namespace {

// The X Education leads (see PROVENANCE.md), read into a dataset.
std::optional<Dataset> x_education(FeatureOptions options) {
#ifdef LEADS_SHARED_DATA_DIR
  const std::filesystem::path file =
      std::filesystem::path(LEADS_SHARED_DATA_DIR) / "x_education_leads" / "Leads.csv";
  if (!std::filesystem::exists(file)) {
    return std::nullopt;
  }
  auto reader = leads::csv::Reader::open(file.string());
  Dataset data(reader->header(), options);
  leads::csv::Record record;
  while (reader->next(record)) {
    data.add(record.fields);
  }
  return data;
#else
  (void)options;
  return std::nullopt;
#endif
}

// Leads whose conversion depends on their source and visits, with noise; the
// same rows every run (a fixed linear congruential sequence).
std::vector<std::vector<std::string>> synthetic_rows(std::size_t n) {
  std::uint64_t state = 7;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) * 0x1.0p-53;
  };
  const char* sources[] = {"ads", "referral", "webinar", "organic", "rare"};
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t source = next() < 0.003 ? 4 : static_cast<std::size_t>(next() * 4);
    const double visits = std::floor(next() * 12);
    const double z = -1.5 + (source == 1 ? 1.5 : source == 2 ? 0.8 : 0) + 0.25 * visits;
    const bool converted = next() < 1 / (1 + std::exp(-z));
    rows.push_back({fmt::format("{:016x}", i), converted ? "yes" : "no", sources[source],
                    next() < 0.05 ? "" : fmt::format("{}", visits), fmt::format("2026-11-{:02}", i % 30 + 1),
                    "same"});
  }
  return rows;
}

Dataset synthetic(const std::vector<std::vector<std::string>>& rows) {
  FeatureOptions options;
  options.label = "converted";
  Dataset data({"id", "converted", "source", "visits", "signed_up", "constant"}, options);
  for (const auto& row : rows) {
    const std::vector<std::string_view> fields(row.begin(), row.end());
    data.add(fields);
  }
  return data;
}

} // namespace

TEST_SUITE_BEGIN("model");

TEST_CASE("model::train") {
  const auto rows = synthetic_rows(3000);
  const Dataset data = synthetic(rows);
  TrainOptions options;
  options.now = 1795780800; // 2026-11-27T12:00:00Z
  const leads::model::Training training = leads::model::train(data, options);
  const leads::model::Model& model = training.model;

  SUBCASE("what went in") {
    CHECK(model.label == "converted");
    CHECK(model.trained_at == "2026-11-27T12:00:00Z");
    CHECK(model.rows == 3000);
    CHECK(model.positives == data.positives());
    std::string report;
    for (const ColumnReport& column : training.columns) {
      report += fmt::format("{}: {} ({})\n", column.name, leads::model::use_name(column.use), column.reason);
    }
    CHECK(report == fmt::format("id: dropped (identifies a lead)\n"
                                "converted: dropped (the label)\n"
                                "source: categorical (5 values)\n"
                                "visits: numeric (numbers, {} missing)\n"
                                "signed_up: dropped (dates)\n"
                                "constant: dropped (a single value ('same'))\n",
                                data.columns()[1].counts[0]));
    CHECK(training.fit.converged);
    CHECK(training.fit.gradient_norm < 1e-7);
  }

  SUBCASE("the weights tell the story the data was made from") {
    REQUIRE(model.categorical.size() == 1);
    const auto& weights = model.categorical[0].weights;
    // "rare" (about 0.3 % of the rows, under max(10, 0.5 % x 3000 = 15)) is pooled.
    std::vector<std::string> levels;
    for (const auto& [value, weight] : weights) {
      levels.push_back(value);
    }
    CHECK(levels == std::vector<std::string>{"ads", "organic", "referral", "webinar"});
    auto weight_of = [&](std::string_view value) {
      return std::find_if(weights.begin(), weights.end(), [&](const auto& w) { return w.first == value; })
          ->second;
    };
    CHECK(weight_of("referral") > weight_of("webinar"));
    CHECK(weight_of("webinar") > weight_of("ads"));
    REQUIRE(model.numeric.size() == 1);
    CHECK(model.numeric[0].weight > 0);
    CHECK(model.numeric[0].mean == doctest::Approx(5.5).epsilon(0.05));
    CHECK(model.auc > 0.7);
  }

  SUBCASE("the model file predicts what training did") {
    const leads::model::Scorer scorer(leads::model::read_model(leads::model::write_model(model), "m.yaml"),
                                      {"id", "converted", "source", "visits", "signed_up", "constant"},
                                      "m.yaml");
    std::vector<double> predicted;
    std::vector<std::uint8_t> labels;
    for (const auto& row : rows) {
      const std::vector<std::string_view> fields(row.begin(), row.end());
      predicted.push_back(scorer.probability(fields));
      labels.push_back(row[1] == "yes" ? 1 : 0);
    }
    CHECK(leads::model::roc_auc(predicted, labels) == doctest::Approx(model.auc).epsilon(1e-12));
  }

  SUBCASE("the same rows give the same file") {
    CHECK(leads::model::write_model(leads::model::train(synthetic(rows), options).model) ==
          leads::model::write_model(model));
  }
}

TEST_CASE("model::evaluate") {
  const auto rows = synthetic_rows(2000);
  const Dataset data = synthetic(rows);
  TrainOptions options;

  SUBCASE("figures over out-of-fold predictions") {
    const leads::model::Evaluation evaluation = leads::model::evaluate(data, options, 4, 50);
    CHECK(evaluation.folds == 4);
    REQUIRE(evaluation.fold_auc.size() == 4);
    double sum = 0;
    for (const auto& auc : evaluation.fold_auc) {
      REQUIRE(auc);
      CHECK(*auc > 0.6);
      sum += *auc;
    }
    CHECK(evaluation.mean_auc == doctest::Approx(sum / 4));
    CHECK(evaluation.top == 50);
    CHECK(evaluation.base_rate == doctest::Approx(static_cast<double>(data.positives()) / 2000));
    CHECK(evaluation.precision_at_top > evaluation.base_rate);
    std::size_t binned = 0;
    for (const auto& bin : evaluation.calibration) {
      binned += bin.count;
    }
    CHECK(binned == 2000);
    CHECK(evaluation.brier > 0);
    CHECK(evaluation.brier < 0.25);
    CHECK(evaluation.brier ==
          doctest::Approx(leads::model::brier_score(evaluation.predictions, data.labels())));
    CHECK(leads::model::evaluate(data, options, 4, 50).predictions == evaluation.predictions);
    CHECK(leads::model::evaluate(data, options, 5).top == 200); // 10 % of the rows
  }

  SUBCASE("folds the rows cannot fill are usage errors") {
    CHECK_THROWS_AS(leads::model::evaluate(data, options, 1), leads::Error);
    CHECK_THROWS_AS(leads::model::evaluate(data, options, data.positives() + 1), leads::Error);
  }

  SUBCASE("one label only, or no column, is a data error") {
    FeatureOptions feature_options;
    feature_options.label = "won";
    Dataset same({"won", "x"}, feature_options);
    Dataset none({"won", "id"}, feature_options);
    for (int i = 0; i < 30; ++i) {
      const std::vector<std::string_view> row = {"1", i % 2 == 0 ? "a" : "b"};
      same.add(row);
      const std::vector<std::string_view> id_row = {i % 2 == 0 ? "1" : "0", "00000000000000a1"};
      none.add(id_row);
    }
    try {
      leads::model::train(same, options);
      FAIL("expected an error");
    } catch (const leads::Error& e) {
      CHECK(e.kind() == leads::ErrorKind::data);
      CHECK(e.message() == "every labelled row is 1 (30 rows): nothing to tell apart");
    }
    try {
      leads::model::train(none, options);
      FAIL("expected an error");
    } catch (const leads::Error& e) {
      CHECK(e.kind() == leads::ErrorKind::data);
      CHECK(e.message() == "no column can be a feature");
    }
  }
}

TEST_CASE("model::evaluate on X Education's leads") {
  FeatureOptions options;
  options.label = "Converted";
  options.exclude = {"Tags",
                     "Lead Quality",
                     "Lead Profile",
                     "Last Notable Activity",
                     "Asymmetrique Activity Index",
                     "Asymmetrique Profile Index",
                     "Asymmetrique Activity Score",
                     "Asymmetrique Profile Score"};
  options.null_values = leads::config::defaults().null_values;
  std::optional<Dataset> data = x_education(options);
  if (!data) {
    MESSAGE("x_education_leads/Leads.csv is not there: skipped");
    return;
  }
  CHECK(data->rows() == 9240);
  TrainOptions train;
  const auto started = std::chrono::steady_clock::now();
  const leads::model::Evaluation evaluation = leads::model::evaluate(*data, train, 5);
  const auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string folds;
  for (const auto& auc : evaluation.fold_auc) {
    folds += fmt::format(" {:.4f}", auc.value_or(0));
  }
  MESSAGE(fmt::format("5-fold AUC {:.4f} (folds{}), precision at {} {:.3f}, Brier {:.4f}, {:.2f} s",
                      evaluation.mean_auc, folds, evaluation.top, evaluation.precision_at_top,
                      evaluation.brier, took));
  CHECK(evaluation.mean_auc >= 0.89);

  const leads::model::Training training = leads::model::train(*data, train);
  auto use_of = [&](std::string_view name) {
    const auto found = std::find_if(training.columns.begin(), training.columns.end(),
                                    [&](const ColumnReport& column) { return column.name == name; });
    REQUIRE(found != training.columns.end());
    return fmt::format("{} ({})", leads::model::use_name(found->use), found->reason);
  };
  CHECK(use_of("Prospect ID") == "dropped (identifies rows (values distinct in 100% of the rows))");
  CHECK(use_of("Lead Number") == "dropped (identifies rows (values distinct in 100% of the rows))");
  CHECK(use_of("Magazine") == "dropped (a single value ('No'))");
  CHECK(use_of("TotalVisits") == "numeric (numbers, 137 missing)");
  CHECK(use_of("Lead Origin") == "categorical (5 values)");
  CHECK(use_of("Specialization").starts_with("categorical")); // "Select" is no value
  CHECK(training.fit.gradient_norm < 1e-7);
  CHECK(training.model.auc > evaluation.mean_auc); // a model knows the rows it learnt from best
}

TEST_SUITE_END();
