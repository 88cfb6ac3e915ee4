#include <leads/scoring/run.hpp>

#include <leads/error.hpp>
#include <leads/lead/fields.hpp>
#include <leads/model/model_file.hpp>
#include <leads/model/scorer.hpp>
#include <leads/normalize/date.hpp>
#include <leads/normalize/email.hpp>
#include <leads/scoring/engagement.hpp>
#include <leads/scoring/promotion.hpp>
#include <leads/scoring/rules.hpp>
#include <leads/stop.hpp>
#include <leads/store/csv_sink.hpp>
#include <leads/store/store_update.hpp>
#include <leads/text/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <sys/stat.h>

namespace leads::scoring {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_actor = "score";
constexpr std::uint64_t k_progress_every = 4096; // rows

std::optional<std::size_t> find_column(const std::vector<std::string>& header, std::string_view name) {
  const auto it = std::find(header.begin(), header.end(), name);
  return it == header.end() ? std::nullopt : std::optional<std::size_t>(it - header.begin());
}

// An activity's lead, as the engagement table is keyed: its id, or its email.
std::string email_key(std::string_view email) {
  const std::string normalized = normalize::email(email);
  return normalized.empty() ? text::ascii_lower(text::trim(email)) : normalized;
}

// Reads an activities file into the table. by_email: whether an activity
// without a lead_id (or every activity, when ids cannot match) is keyed by
// its email; ids_match: whether lead_id can find a row.
void load_activities(EngagementTable& table, const std::string& path, const std::string& shown,
                     normalize::DateOrder date_order, bool ids_match, RunSummary& summary) {
  csv::ReaderOptions reading;
  reading.display_name = shown;
  reading.ragged = csv::RaggedPolicy::allow;
  auto reader = csv::Reader::open(path, reading);
  const auto& header = reader->header();
  const auto at = find_column(header, "at");
  const auto type = find_column(header, "type");
  const auto lead_id = find_column(header, "lead_id");
  const auto email = find_column(header, "email");
  const auto detail = find_column(header, "detail");
  if (header.empty()) {
    return;
  }
  if (!at || !type || (!lead_id && !email)) {
    throw Error(ErrorKind::data,
                fmt::format("the activities need the columns at, type, and lead_id or email; the header has {}",
                            fmt::join(header, ",")),
                shown, reader->header_line(), 1, "write activities as activities.csv holds them: at,lead_id,type,detail,source");
  }
  csv::Record record;
  auto cell = [&](std::optional<std::size_t> column) {
    return column && *column < record.fields.size() ? record.fields[*column] : std::string_view();
  };
  std::string key;
  while (reader->next(record)) {
    const std::optional<std::string> iso = normalize::timestamp(cell(at), date_order);
    const std::optional<std::int64_t> when = iso ? normalize::parse_iso(*iso) : std::nullopt;
    if (!when) {
      if (summary.unreadable_activities++ == 0) {
        summary.first_unreadable = fmt::format("{}:{}", shown, record.line);
      }
      continue;
    }
    const std::string_view id = cell(lead_id);
    if (ids_match && !id.empty()) {
      key.assign(text::trim(id));
    } else if (!cell(email).empty()) {
      key = email_key(cell(email));
    } else {
      continue; // names no lead this input can have
    }
    table.add(key, *when, cell(type), cell(detail));
    throw_if_stop_requested();
  }
}

// The scoring columns of the output: where each sits (appended when the
// input lacks them), and where the row's identity and stage are.
struct Columns {
  std::vector<std::string> header; // of the output
  std::size_t input_width = 0;
  std::size_t fit = 0;
  std::size_t engagement = 0;
  std::size_t score = 0;
  std::size_t grade = 0;
  std::optional<std::size_t> probability;
  std::optional<std::size_t> id;
  std::optional<std::size_t> email;
  std::optional<std::size_t> stage;
  std::optional<std::size_t> stage_at;
  std::optional<std::size_t> updated_at;
  std::optional<std::size_t> do_not_contact;

  Columns(const std::vector<std::string>& input, bool with_model) : header(input), input_width(input.size()) {
    auto place = [&](std::string_view name) {
      if (auto found = find_column(header, name)) {
        return *found;
      }
      header.emplace_back(name);
      return header.size() - 1;
    };
    fit = place("fit");
    engagement = place("engagement");
    score = place("score");
    grade = place("grade");
    if (with_model) {
      probability = place("probability");
    }
    id = find_column(input, "id");
    email = find_column(input, "email");
    stage = find_column(input, "stage");
    stage_at = find_column(input, "stage_at");
    updated_at = find_column(input, "updated_at");
    do_not_contact = find_column(input, "do_not_contact");
  }
};

// Scores rows one after another: the rule set, the engagement of the leads,
// the model, and the texts of the row being written.
class LeadScorer {
public:
  LeadScorer(const config::Config& config, const std::vector<std::string>& input_header,
             const RunOptions& options, std::optional<model::Model> model)
      : m_config(config), m_options(options), m_columns(input_header, model.has_value()),
        m_rules(RuleSet::compile(config, input_header, options.now)), m_engagement(m_rules),
        m_now_iso(normalize::format_iso(options.now)) {
    if (model) {
      m_model.emplace(std::move(*model), input_header, *options.model_file);
    }
    if (options.explain && *options.explain != "all") {
      m_target = text::trim(*options.explain);
      m_target_email = email_key(m_target);
    }
  }

  EngagementTable& engagement() { return m_engagement; }
  const Columns& columns() const { return m_columns; }
  const RuleSet& rules() const { return m_rules; }

  // Scores a row (input fields); `out` becomes the output row (views into
  // the row and into this scorer, valid until the next call). Returns the
  // events the row calls for (workspace mode records them).
  void score(std::span<const std::string_view> row, RunSummary& summary, std::vector<std::string_view>& out,
             std::vector<EventText>& events) {
    const bool explaining = m_options.explain.has_value();
    const bool explain_this = explaining && wanted(row);
    m_contributions.clear();
    const Result result = m_rules.score(row, engagement_of(row), explain_this ? &m_contributions : nullptr);
    ++summary.scored;

    out.assign(row.begin(), row.end());
    out.resize(m_columns.header.size());
    const std::string_view old_grade = out[m_columns.grade];
    const PreviousScore before{old_grade, out[m_columns.score], out[m_columns.fit], cell(row, m_columns.stage)};
    m_fit.clear();
    m_engagement_text.clear();
    m_score.clear();
    append_points(m_fit, result.fit);
    append_points(m_engagement_text, result.engagement);
    append_points(m_score, result.score);
    out[m_columns.fit] = m_fit;
    out[m_columns.engagement] = m_engagement_text;
    out[m_columns.score] = m_score;
    out[m_columns.grade] = result.grade;
    if (old_grade != result.grade) {
      ++summary.changed_grade;
    }
    const Promotion promotion = decide_promotion(cell(row, m_columns.stage), cell(row, m_columns.do_not_contact),
                                                 result.qualifies, m_config);
    if (promotion.promoted() && m_columns.stage) {
      ++summary.promoted;
      out[*m_columns.stage] = promotion.to;
      for (auto column : {m_columns.stage_at, m_columns.updated_at}) {
        if (column) {
          out[*column] = m_now_iso;
        }
      }
    }
    m_model_contributions.clear();
    if (m_model) {
      const double p = explain_this ? m_model->probability(row, m_model_contributions) : m_model->probability(row);
      m_probability.clear();
      model::append_probability(m_probability, p);
      out[*m_columns.probability] = m_probability;
    }
    events = score_events(before, result, promotion, m_rules);
    if (explain_this) {
      explain(row, summary);
    }
  }

  std::string_view now_iso() const { return m_now_iso; }

private:
  const config::Config& m_config;
  const RunOptions& m_options;
  Columns m_columns;
  RuleSet m_rules;
  EngagementTable m_engagement;
  std::optional<model::Scorer> m_model;
  std::string m_now_iso;
  std::string m_target;       // --explain ID|EMAIL
  std::string m_target_email; // the same as an email key
  std::string m_fit, m_engagement_text, m_score, m_probability, m_email_key;
  EngagementTable::Entry m_merged;
  std::vector<Contribution> m_contributions;
  std::vector<model::ModelContribution> m_model_contributions;

  static std::string_view cell(std::span<const std::string_view> row, std::optional<std::size_t> column) {
    return column && *column < row.size() ? row[*column] : std::string_view();
  }

  bool wanted(std::span<const std::string_view> row) {
    if (m_target.empty()) {
      return true; // all
    }
    return (m_columns.id && text::equals_ignoring_case(cell(row, m_columns.id), m_target)) ||
           (m_columns.email && !cell(row, m_columns.email).empty() &&
            email_key(cell(row, m_columns.email)) == m_target_email);
  }

  // The lead's engagement: by its id, by its email, or both together.
  const EngagementTable::Entry* engagement_of(std::span<const std::string_view> row) {
    if (m_engagement.size() == 0) {
      return nullptr;
    }
    const EngagementTable::Entry* by_id =
        m_columns.id ? m_engagement.find(cell(row, m_columns.id)) : nullptr;
    const EngagementTable::Entry* by_email = nullptr;
    if (m_columns.email && !cell(row, m_columns.email).empty()) {
      m_email_key = email_key(cell(row, m_columns.email));
      by_email = m_engagement.find(m_email_key);
    }
    if (by_id == nullptr || by_email == nullptr) {
      return by_id != nullptr ? by_id : by_email;
    }
    // Activities named by lead_id and others by email: their sums together.
    m_merged = *by_id;
    for (const EngagementTable::RuleSum& sum : by_email->sums) {
      auto it = std::find_if(m_merged.sums.begin(), m_merged.sums.end(),
                             [&](const EngagementTable::RuleSum& s) { return s.rule == sum.rule; });
      if (it == m_merged.sums.end()) {
        m_merged.sums.push_back(sum);
      } else {
        it->count += sum.count;
        it->decayed += sum.decayed;
      }
    }
    std::sort(m_merged.sums.begin(), m_merged.sums.end(),
              [](const auto& a, const auto& b) { return a.rule < b.rule; });
    return &m_merged;
  }

  void explain(std::span<const std::string_view> row, RunSummary& summary) {
    ++summary.explained;
    if (!m_options.on_explain) {
      return;
    }
    const std::string_view id = cell(row, m_columns.id);
    const std::string_view email = cell(row, m_columns.email);
    std::string points;
    for (const Contribution& c : m_contributions) {
      points = format_points(c.points);
      m_options.on_explain({id, email, dimension_name(c.dimension), c.rule, points, c.note});
    }
    std::string rule;
    for (const model::ModelContribution& c : m_model_contributions) {
      rule = fmt::format("{} = {}", c.feature, c.value);
      points = fmt::format("{:.4f}", c.contribution);
      m_options.on_explain({id, email, "model", rule, points, ""});
    }
  }
};

std::optional<model::Model> load_model(const RunOptions& options) {
  if (!options.model_file) {
    return std::nullopt;
  }
  return model::load_model(*options.model_file);
}

void refuse_unmatched_explain(const RunOptions& options, const RunSummary& summary) {
  if (options.explain && *options.explain != "all" && summary.explained == 0) {
    throw Error(ErrorKind::usage, fmt::format("--explain '{}' matches no lead", *options.explain), "", 0, 0,
                "give a lead's id or email, or 'all'");
  }
}

std::uint64_t file_size(const fs::path& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

} // namespace

std::optional<std::string> model_path(const config::Config& config, const std::optional<std::string>& option) {
  if (option) {
    return option;
  }
  if (!config.scoring.model) {
    return std::nullopt;
  }
  const fs::path model(*config.scoring.model);
  if (model.is_absolute() || config.source.empty()) {
    return model.string();
  }
  return (fs::path(config.source).parent_path() / model).lexically_normal().string();
}

RunSummary score_workspace(const store::Workspace& workspace, const RunOptions& options) {
  RunSummary summary;
  summary.mql_stage = workspace.config.scoring.mql_stage;
  std::optional<model::Model> model = load_model(options);
  const bool writes = !options.dry_run && !options.explain;
  const std::vector<std::string> probability{"probability"};
  store::StoreUpdate update(workspace, !writes,
                            model ? std::span<const std::string>(probability) : std::span<const std::string>());
  LeadScorer scorer(workspace.config, update.stored_header(), options, std::move(model));
  load_activities(scorer.engagement(), workspace.activities_file().string(),
                  store::display_path(workspace.activities_file()), workspace.config.import.date_order, true,
                  summary);

  std::vector<std::string_view> out;
  std::vector<EventText> events;
  std::uint64_t rows = 0;
  while (update.next()) {
    const auto row = update.row();
    scorer.score(row, summary, out, events);
    const bool changed = out.size() != row.size() || !std::equal(row.begin(), row.end(), out.begin());
    update.write(out, changed);
    for (const EventText& event : events) {
      update.event({scorer.now_iso(), row[0], *store::event_kinds.parse(event.kind), event.from, event.to,
                    k_actor, event.note});
    }
    if (++rows % k_progress_every == 0) {
      throw_if_stop_requested();
      if (options.progress) {
        options.progress(update.bytes_read(), update.bytes_total());
      }
    }
  }
  refuse_unmatched_explain(options, summary);
  update.commit();
  return summary;
}

RunSummary score_stream(const config::Config& config, csv::Reader& input, store::FileSink* out,
                        const RunOptions& options) {
  RunSummary summary;
  summary.mql_stage = config.scoring.mql_stage;
  LeadScorer scorer(config, input.header(), options, load_model(options));
  if (options.activities) {
    const bool ids_match = scorer.columns().id.has_value();
    load_activities(scorer.engagement(), *options.activities, *options.activities == "-" ? "<stdin>" : *options.activities,
                    config.import.date_order, ids_match, summary);
  }
  std::optional<store::CsvSink> sink;
  if (out != nullptr && !options.explain) {
    sink.emplace(*out);
    sink->row(std::span<const std::string>(scorer.columns().header));
  }
  const std::uint64_t total = file_size(input.display_name());
  csv::Record record;
  std::vector<std::string_view> row;
  std::vector<EventText> events;
  while (input.next(record)) {
    scorer.score(record.fields, summary, row, events);
    if (sink) {
      sink->row(row);
    }
    if (summary.scored % static_cast<long>(k_progress_every) == 0) {
      throw_if_stop_requested();
      if (options.progress) {
        options.progress(input.bytes_read(), total);
      }
    }
  }
  refuse_unmatched_explain(options, summary);
  if (sink) {
    sink->flush();
  }
  return summary;
}

std::string summary_text(const RunSummary& summary, bool dry_run) {
  std::string out = fmt::format("leads score: {}scored {}, changed grade {}, promoted {} to {}\n",
                                dry_run ? "(dry run) " : "", summary.scored, summary.changed_grade,
                                summary.promoted, summary.mql_stage);
  if (summary.unreadable_activities > 0) {
    out += fmt::format("leads score: {} activit{} with an unreadable time skipped, first at {}\n",
                       summary.unreadable_activities, summary.unreadable_activities == 1 ? "y" : "ies",
                       summary.first_unreadable);
  }
  return out;
}

} // namespace leads::scoring
