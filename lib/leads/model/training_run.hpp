#pragma once

#include <leads/csv/reader.hpp>
#include <leads/model/dataset.hpp>
#include <leads/model/model.hpp>
#include <leads/render/object.hpp>
#include <leads/render/render.hpp>
#include <leads/store/workspace.hpp>

#include <string>
#include <utility>
#include <vector>

// `leads score --train` and `--evaluate`: the labelled rows gathered from a
// CSV or from a workspace's history, and what the run reports.
namespace leads::model {

// The rows of a CSV, labelled by the column options.label.
Dataset dataset_from_csv(csv::Reader& input, const FeatureOptions& options);

// The workspace's leads, labelled by their stage history (label_from_stages():
// won versus lost; open leads unlabelled). The outcome columns of the store
// are never features.
Dataset dataset_from_workspace(const store::Workspace& workspace, FeatureOptions options);

// What --train prints on standard error: one line per column of the input
// (how it is used, or why not), then the totals:
//   leads score: Lead Number: not used: identifies rows (...)
//   leads score: TotalVisits: numeric (numbers, 137 missing)
//   leads score: trained on 9240 rows (3561 positive, 0 unlabelled), 75 features, AUC 0.8967
std::string training_report(const Training& training, const Dataset& data);

// The figures of --evaluate: as (figure, value) rows for a table or CSV, and
// as one object for JSON and YAML (see leads-score(1), EVALUATION).
std::vector<std::pair<std::string, std::string>> evaluation_rows(const Evaluation& evaluation);
render::Object evaluation_object(const Evaluation& evaluation);
// The figures as --format asks: a document for json, jsonl and yaml, rows
// (figure, value) for csv and table (color: a bold table header).
std::string evaluation_text(const Evaluation& evaluation, render::Format format, bool color);

} // namespace leads::model
