#include <leads/model/model_file.hpp>

#include <leads/config/yaml_reader.hpp>
#include <leads/error.hpp>
#include <leads/model/encoding.hpp>
#include <leads/render/render.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace leads::model {

namespace {

using config::detail::Entry;
using config::detail::YamlReader;

constexpr std::string_view k_kind = "logistic_regression";

// The shortest text that reads back as the same double ("0.1", "-2.5e-05").
std::string number(double value) {
  return value == 0 ? "0" : fmt::format("{}", value);
}

void line(std::string& out, std::string_view indent, std::string_view key, std::string_view value) {
  out += indent;
  render::append_yaml_scalar(out, key);
  out += ": ";
  out += value;
  out += '\n';
}

void text_line(std::string& out, std::string_view indent, std::string_view key, std::string_view value) {
  std::string quoted;
  render::append_yaml_scalar(quoted, value);
  line(out, indent, key, quoted);
}

std::size_t count(const YamlReader& r, const Entry& entry) {
  const long value = r.integer(entry);
  if (value < 0) {
    r.fail(entry, fmt::format("{} must not be negative", entry.path));
  }
  return static_cast<std::size_t>(value);
}

// The features of one section, each named once in the whole file.
void check_new(const YamlReader& r, const YAML::Node& at, const std::string& name,
               std::vector<std::string>& seen) {
  if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
    r.fail(at, fmt::format("feature '{}' is given twice", name), "each column is one feature");
  }
  seen.push_back(name);
}

NumericFeature read_numeric(const YamlReader& r, const YAML::Node& node, const std::string& path,
                            std::vector<std::string>& seen) {
  NumericFeature feature;
  feature.mark = r.mark(node);
  bool named = false;
  for (const Entry& entry : r.entries(node, path, {"feature", "mean", "sd", "weight", "missing_weight"})) {
    if (entry.key == "feature") {
      feature.feature = r.text(entry);
      feature.mark = r.mark(entry.value);
      check_new(r, entry.value, feature.feature, seen);
      named = true;
    } else if (entry.key == "mean") {
      feature.mean = r.number(entry);
    } else if (entry.key == "sd") {
      feature.sd = r.number(entry);
      if (!(feature.sd > 0)) {
        r.fail(entry, fmt::format("{} must be more than 0", entry.path));
      }
    } else if (entry.key == "weight") {
      feature.weight = r.number(entry);
    } else {
      feature.missing_weight = r.number(entry);
    }
  }
  if (!named) {
    r.fail(node, fmt::format("{} needs a feature: the column it reads", path));
  }
  return feature;
}

CategoricalFeature read_categorical(const YamlReader& r, const YAML::Node& node, const std::string& path,
                                    std::vector<std::string>& seen) {
  CategoricalFeature feature;
  feature.mark = r.mark(node);
  bool named = false;
  for (const Entry& entry : r.entries(node, path, {"feature", "weights"})) {
    if (entry.key == "feature") {
      feature.feature = r.text(entry);
      feature.mark = r.mark(entry.value);
      check_new(r, entry.value, feature.feature, seen);
      named = true;
    } else {
      for (const Entry& weight : r.named_entries(entry.value, entry.path)) {
        const double w = r.number(weight);
        if (weight.key == k_other) {
          feature.other = w;
        } else if (weight.key == k_missing) {
          feature.missing = w;
        } else {
          feature.weights.emplace_back(weight.key, w);
        }
      }
    }
  }
  if (!named) {
    r.fail(node, fmt::format("{} needs a feature: the column it reads", path));
  }
  return feature;
}

} // namespace

std::string write_model(const Model& model) {
  std::string out = "# A lead model written by `leads score --train`: a logistic regression. Each\n"
                    "# feature adds weight * x to the log-odds of the label, where x is a number\n"
                    "# standardized as (value - mean) / sd, or 1 for a categorical value.\n";
  line(out, "", "kind", k_kind);
  text_line(out, "", "label", model.label);
  text_line(out, "", "trained_at", model.trained_at);
  line(out, "", "rows", std::to_string(model.rows));
  line(out, "", "positives", std::to_string(model.positives));
  line(out, "", "auc", number(model.auc));
  if (model.cv_auc) {
    line(out, "", "cv_auc", number(*model.cv_auc));
  }
  line(out, "", "l2", number(model.l2));
  std::string nulls = "[";
  for (std::size_t i = 0; i < model.null_values.size(); ++i) {
    nulls += i == 0 ? "" : ", ";
    render::append_json_string(nulls, model.null_values[i]); // a JSON string is a YAML double-quoted one
  }
  line(out, "", "null_values", nulls + "]");
  line(out, "", "intercept", number(model.intercept));
  // How many columns follow: a file cut short (a copy that stopped, an
  // edit) would otherwise score without the columns it lost, silently.
  line(out, "", "columns", std::to_string(model.numeric.size() + model.categorical.size()));
  out += model.numeric.empty() ? "numeric: []\n" : "numeric:\n";
  for (const NumericFeature& feature : model.numeric) {
    text_line(out, "  - ", "feature", feature.feature);
    line(out, "    ", "mean", number(feature.mean));
    line(out, "    ", "sd", number(feature.sd));
    line(out, "    ", "weight", number(feature.weight));
    line(out, "    ", "missing_weight", number(feature.missing_weight));
  }
  out += model.categorical.empty() ? "categorical: []\n" : "categorical:\n";
  for (const CategoricalFeature& feature : model.categorical) {
    text_line(out, "  - ", "feature", feature.feature);
    out += "    weights:\n";
    for (const auto& [value, weight] : feature.weights) {
      line(out, "      ", value, number(weight));
    }
    line(out, "      ", k_other, number(feature.other));
    line(out, "      ", k_missing, number(feature.missing));
  }
  return out;
}

Model read_model(std::string_view text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    throw Error(ErrorKind::config, fmt::format("YAML syntax error: {}", e.msg), source,
                e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1,
                "write the model again with `leads score --train`");
  }
  const YamlReader r(text, source);
  Model model;
  bool has_kind = false;
  bool has_intercept = false;
  std::vector<std::string> seen;
  const std::vector<Entry> entries =
      r.entries(root, "",
                {"kind", "label", "trained_at", "rows", "positives", "auc", "cv_auc", "l2", "null_values",
                 "intercept", "columns", "numeric", "categorical"});
  std::optional<std::pair<std::size_t, Entry>> features;
  for (const Entry& entry : entries) {
    if (entry.key == "kind") {
      const std::string kind = r.text(entry);
      if (kind != k_kind) {
        r.fail(entry, fmt::format("kind must be {}, not '{}'", k_kind, kind),
               "this version of leads reads logistic regression models only");
      }
      has_kind = true;
    } else if (entry.key == "label") {
      model.label = r.text(entry);
    } else if (entry.key == "trained_at") {
      model.trained_at = r.text(entry);
    } else if (entry.key == "rows") {
      model.rows = count(r, entry);
    } else if (entry.key == "positives") {
      model.positives = count(r, entry);
    } else if (entry.key == "auc") {
      model.auc = r.number(entry);
    } else if (entry.key == "cv_auc") {
      model.cv_auc = r.number(entry);
    } else if (entry.key == "l2") {
      model.l2 = r.number(entry);
      if (model.l2 < 0) {
        r.fail(entry, "l2 must not be negative");
      }
    } else if (entry.key == "null_values") {
      model.null_values = r.texts(entry, "a list of texts such as [\"\", \"N/A\"]");
    } else if (entry.key == "intercept") {
      model.intercept = r.number(entry);
      has_intercept = true;
    } else if (entry.key == "columns") {
      features.emplace(count(r, entry), entry);
    } else if (entry.key == "numeric") {
      const std::vector<YAML::Node> items = r.items(entry.value, entry.path, "a list of numeric features");
      for (std::size_t i = 0; i < items.size(); ++i) {
        model.numeric.push_back(read_numeric(r, items[i], fmt::format("numeric[{}]", i), seen));
      }
    } else {
      const std::vector<YAML::Node> items =
          r.items(entry.value, entry.path, "a list of categorical features");
      for (std::size_t i = 0; i < items.size(); ++i) {
        model.categorical.push_back(read_categorical(r, items[i], fmt::format("categorical[{}]", i), seen));
      }
    }
  }
  if (!has_kind || !has_intercept) {
    r.fail(config::Mark{1, 1}, fmt::format("not a model file: it has no {}", has_kind ? "intercept" : "kind"),
           "write one with `leads score --train -o MODEL.yaml`");
  }
  const std::size_t held = model.numeric.size() + model.categorical.size();
  if (features && features->first != held) {
    r.fail(features->second,
           fmt::format("the model file says it has {} columns, but it holds {}: it was cut short or edited",
                       features->first, held),
           "copy the whole file again, or train the model again");
  }
  return model;
}

Model load_model(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw Error(ErrorKind::no_input, fmt::format("cannot read: {}", std::strerror(errno)), path, 0, 0,
                "check the path, or write the model with `leads score --train -o FILE`");
  }
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    throw Error(ErrorKind::io, fmt::format("cannot read: {}", std::strerror(errno)), path);
  }
  return read_model(text.str(), path);
}

} // namespace leads::model
