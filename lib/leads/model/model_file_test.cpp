#include <leads/model/model_file.hpp>

#include <leads/error.hpp>
#include <leads/model/scorer.hpp>

#include <doctest/doctest.h>

#include "test_files.hpp"

#include <cmath>
#include <optional>

using leads::model::Model;
using leads::model::read_model;
using leads::model::Scorer;
using leads::model::write_model;

namespace {

// A small model whose numbers are easy to follow by hand.
Model small_model() {
  Model model;
  model.label = "Converted";
  model.trained_at = "2026-11-27T12:00:00Z";
  model.rows = 9240;
  model.positives = 3561;
  model.auc = 0.9;
  model.cv_auc = 0.875;
  model.l2 = 0.001;
  model.null_values = {"", "Select"};
  model.intercept = -1;
  model.numeric.push_back({"visits", 10, 5, 0.5, -0.2, {}});
  model.categorical.push_back({"origin", {{"API", 1}, {"Landing Page", -1}, {"true", 0.125}}, 0.3, -0.5, {}});
  return model;
}

constexpr std::string_view k_small_model_text =
    "# A lead model written by `leads score --train`: a logistic regression. Each\n"
    "# feature adds weight * x to the log-odds of the label, where x is a number\n"
    "# standardized as (value - mean) / sd, or 1 for a categorical value.\n"
    "kind: logistic_regression\n"
    "label: Converted\n"
    "trained_at: \"2026-11-27T12:00:00Z\"\n"
    "rows: 9240\n"
    "positives: 3561\n"
    "auc: 0.9\n"
    "cv_auc: 0.875\n"
    "l2: 0.001\n"
    "null_values: [\"\", \"Select\"]\n"
    "intercept: -1\n"
    "columns: 2\n"
    "numeric:\n"
    "  - feature: visits\n"
    "    mean: 10\n"
    "    sd: 5\n"
    "    weight: 0.5\n"
    "    missing_weight: -0.2\n"
    "categorical:\n"
    "  - feature: origin\n"
    "    weights:\n"
    "      API: 1\n"
    "      Landing Page: -1\n"
    "      \"true\": 0.125\n"
    "      (other): 0.3\n"
    "      (missing): -0.5\n";

std::optional<leads::Error> error_of(std::string_view text) {
  try {
    read_model(text, "m.yaml");
  } catch (const leads::Error& e) {
    return e;
  }
  return std::nullopt;
}

} // namespace

TEST_SUITE_BEGIN("model");

TEST_CASE("model::write_model") {
  SUBCASE("readable, in a fixed order") {
    CHECK(write_model(small_model()) == k_small_model_text);
  }

  SUBCASE("reads back as it was, to the last bit") {
    Model model = small_model();
    model.intercept = 0.1 + 0.2; // 0.30000000000000004
    model.numeric[0].weight = std::nextafter(1.0 / 3, 1.0);
    model.categorical[0].weights.emplace_back("#hash: and, comma", 1e-300);
    const Model read = read_model(write_model(model), "m.yaml");
    CHECK(read.label == model.label);
    CHECK(read.trained_at == model.trained_at);
    CHECK(read.rows == 9240);
    CHECK(read.positives == 3561);
    CHECK(read.auc == 0.9);
    CHECK(read.cv_auc == 0.875);
    CHECK(read.l2 == 0.001);
    CHECK(read.null_values == model.null_values);
    CHECK(read.intercept == model.intercept);
    REQUIRE(read.numeric.size() == 1);
    CHECK(read.numeric[0].weight == model.numeric[0].weight);
    CHECK(read.numeric[0].missing_weight == -0.2);
    CHECK(read.numeric[0].mark.line == 16);
    CHECK(read.numeric[0].mark.column == 14);
    REQUIRE(read.categorical.size() == 1);
    CHECK(read.categorical[0].weights == model.categorical[0].weights);
    CHECK(read.categorical[0].other == 0.3);
    CHECK(read.categorical[0].missing == -0.5);
    CHECK(write_model(read) == write_model(model));
  }

  SUBCASE("without cross-validation, no cv_auc") {
    Model model = small_model();
    model.cv_auc.reset();
    CHECK(write_model(model).find("cv_auc") == std::string::npos);
    CHECK(!read_model(write_model(model), "m.yaml").cv_auc);
  }
}

TEST_CASE("model::read_model errors") {
  struct Case {
    const char* what;
    const char* text;
    const char* message;
    long line;
    long column;
  };
  const Case cases[] = {
      {"unknown key", "kind: logistic_regression\nintercpt: 1\n",
       "unknown key 'intercpt'; did you mean 'intercept'?", 2, 1},
      {"another kind", "kind: random_forest\nintercept: 0\n",
       "kind must be logistic_regression, not 'random_forest'", 1, 7},
      {"not a number", "kind: logistic_regression\nintercept: high\n", "intercept must be a number", 2, 12},
      {"cut short", "kind: logistic_regression\nintercept: 0\ncolumns: 2\nnumeric:\n"
                    "  - {feature: a, mean: 0, sd: 1, weight: 1}\n",
       "the model file says it has 2 columns, but it holds 1: it was cut short or edited", 3, 10},
      {"rows not whole", "kind: logistic_regression\nintercept: 0\nrows: 2.5\n",
       "rows must be a whole number", 3, 7},
      {"no intercept", "kind: logistic_regression\n", "not a model file: it has no intercept", 1, 1},
      {"no kind", "intercept: 0\n", "not a model file: it has no kind", 1, 1},
      {"sd zero", "kind: logistic_regression\nintercept: 0\nnumeric:\n  - {feature: a, mean: 1, sd: 0}\n",
       "numeric[0].sd must be more than 0", 4, 31},
      {"numeric key", "kind: logistic_regression\nintercept: 0\nnumeric:\n  - {feature: a, wieght: 1}\n",
       "unknown key 'wieght' in numeric[0]; did you mean 'weight'?", 4, 18},
      {"feature twice",
       "kind: logistic_regression\nintercept: 0\nnumeric: [{feature: a}]\ncategorical: [{feature: a}]\n",
       "feature 'a' is given twice", 4, 25},
      {"weights not a mapping",
       "kind: logistic_regression\nintercept: 0\ncategorical:\n  - feature: a\n    weights: [1, 2]\n",
       "categorical[0].weights must be a mapping of 'key: value' settings", 5, 14},
      {"a weight not a number",
       "kind: logistic_regression\nintercept: 0\ncategorical:\n  - feature: a\n    weights: {x: y}\n",
       "categorical[0].weights.x must be a number", 5, 18},
      {"feature without a name", "kind: logistic_regression\nintercept: 0\nnumeric:\n  - {weight: 1}\n",
       "numeric[0] needs a feature: the column it reads", 4, 5},
      {"syntax", "kind: logistic_regression\nintercept: [0\n",
       "YAML syntax error: end of sequence flow not found", 3, 1},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    const std::optional<leads::Error> e = error_of(c.text);
    REQUIRE(e);
    CHECK(e->kind() == leads::ErrorKind::config);
    CHECK(e->file() == "m.yaml");
    CHECK(e->message() == c.message);
    CHECK(e->line() == c.line);
    CHECK(e->column() == c.column);
  }
}

TEST_CASE("model::load_model") {
  leads::testing::TempDir dir("model-file");
  const std::string path = (dir.path / "model.yaml").string();
  CHECK_THROWS_AS(leads::model::load_model(path), leads::Error);
  try {
    leads::model::load_model(path);
  } catch (const leads::Error& e) {
    CHECK(e.kind() == leads::ErrorKind::no_input);
    CHECK(e.file() == path);
  }
  leads::testing::write_file(dir.path / "model.yaml", write_model(small_model()));
  CHECK(leads::model::load_model(path).intercept == -1);
}

TEST_CASE("model::Scorer") {
  const std::vector<std::string> columns = {"email", "origin", "visits"};
  const Scorer scorer(read_model(k_small_model_text, "m.yaml"), columns, "m.yaml");
  auto p = [&](std::string_view origin, std::string_view visits) {
    const std::vector<std::string_view> row = {"a@x.io", origin, visits};
    return scorer.probability(row);
  };
  auto text = [](double probability) {
    std::string out;
    leads::model::append_probability(out, probability);
    return out;
  };

  SUBCASE("the log-odds add up as the file says") {
    // -1 + 0.5 * (20 - 10) / 5 + 1 = 1 -> 1 / (1 + e^-1) = 0.731058...
    CHECK(p("API", "20") == doctest::Approx(1 / (1 + std::exp(-1.0))));
    CHECK(text(p("API", "20")) == "0.7311");
    // no visits (-0.2), a value never seen (other, 0.3): -1 - 0.2 + 0.3 = -0.9 -> 0.289050...
    CHECK(text(p("Webinar", "")) == "0.2891");
    // null values and text in a number column count as missing: -1 - 0.2 - 0.5 = -1.7 -> 0.154465...
    CHECK(text(p("select", "lots")) == "0.1545");
    CHECK(p(" Landing Page ", " 10 ") == doctest::Approx(1 / (1 + std::exp(2.0)))); // -1 + 0 - 1
  }

  SUBCASE("explanations: every feature, largest first") {
    const std::vector<std::string_view> row = {"a@x.io", "Landing Page", "16"};
    std::vector<leads::model::ModelContribution> parts;
    const double probability = scorer.probability(row, parts);
    CHECK(probability == doctest::Approx(1 / (1 + std::exp(1.4)))); // -1 + 0.6 - 1
    REQUIRE(parts.size() == 2);
    CHECK(parts[0].feature == "origin");
    CHECK(parts[0].value == "Landing Page");
    CHECK(parts[0].contribution == -1);
    CHECK(parts[1].feature == "visits");
    CHECK(parts[1].value == "16");
    CHECK(parts[1].contribution == doctest::Approx(0.6));
    const std::vector<std::string_view> other = {"a@x.io", "Chat", ""};
    scorer.probability(other, parts);
    CHECK(parts[0].value == "Chat (other)");
    CHECK(parts[1].value == "(missing)");
  }

  SUBCASE("a feature the input lacks is an error at its place in the model file") {
    try {
      Scorer missing(read_model(k_small_model_text, "m.yaml"), {"email", "Origin"}, "m.yaml");
      FAIL("expected an error");
    } catch (const leads::Error& e) {
      CHECK(e.kind() == leads::ErrorKind::config);
      CHECK(e.message() == "the model's feature 'visits' is not a column of the input");
      CHECK(e.file() == "m.yaml");
      CHECK(e.line() == 16);
      CHECK(e.column() == 14);
    }
  }
}

TEST_SUITE_END();
