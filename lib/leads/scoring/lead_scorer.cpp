#include <leads/scoring/lead_scorer.hpp>

#include <leads/csv/reader.hpp>
#include <leads/error.hpp>
#include <leads/lead/activity_columns.hpp>
#include <leads/normalize/date.hpp>
#include <leads/normalize/email.hpp>
#include <leads/normalize/text.hpp>
#include <leads/stop.hpp>
#include <leads/text/strings.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace leads::scoring::detail {

namespace {

std::optional<std::size_t> find_column(const std::vector<std::string>& header, std::string_view name) {
  const auto it = std::find(header.begin(), header.end(), name);
  return it == header.end() ? std::nullopt : std::optional<std::size_t>(it - header.begin());
}

std::string_view cell(std::span<const std::string_view> row, std::optional<std::size_t> column) {
  return column && *column < row.size() ? row[*column] : std::string_view();
}

} // namespace

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
  // The spellings import accepts (Timestamp, Activity, Email Address, ...).
  const lead::ActivityPositions columns = lead::activity_positions(header);
  const auto at = position_of(columns, lead::ActivityColumn::at);
  const auto type = position_of(columns, lead::ActivityColumn::type);
  const auto lead_id = position_of(columns, lead::ActivityColumn::lead_id);
  const auto email = position_of(columns, lead::ActivityColumn::email);
  const auto detail = position_of(columns, lead::ActivityColumn::detail);
  if (header.empty()) {
    return;
  }
  if (!at || !type || (!lead_id && !email)) {
    throw Error(
        ErrorKind::data,
        fmt::format("the activities need the columns at, type, and lead_id or email; the header has {}",
                    fmt::join(header, ",")),
        shown, reader->header_line(), 1,
        "name them as activities.csv does (at,lead_id,type,detail,source) or as leads-import(1) "
        "lists under ACTIVITIES (Timestamp, Activity, Email Address, ...)");
  }
  csv::Record record;
  auto cell = [&](std::optional<std::size_t> column) {
    return column && *column < record.fields.size() ? record.fields[*column] : std::string_view();
  };
  std::string key;
  std::string snake_type;
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
    // Types as import stores them: "Page View" is page_view.
    snake_type = normalize::snake_case(cell(type));
    if (table.add(key, *when, snake_type, cell(detail)) == EngagementTable::Added::no_rule) {
      ++summary.unmatched_types[snake_type];
    }
    throw_if_stop_requested();
  }
}

Columns::Columns(const std::vector<std::string>& input, bool with_model) : header(input) {
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

Scoring::Scoring(const config::Config& config_, const std::vector<std::string>& input_header,
                 const RunOptions& options_, std::optional<model::Model> model_)
    : config(config_), options(options_), columns(input_header, model_.has_value()),
      rules(RuleSet::compile(config_, input_header, options_.now)), engagement(rules),
      now_iso(normalize::format_iso(options_.now)) {
  if (model_) {
    model.emplace(std::move(*model_), input_header, *options.model_file);
  }
  if (options.explain && *options.explain != "all") {
    target = text::trim(*options.explain);
    target_email = email_key(target);
  }
}

Counts& Counts::operator+=(const Counts& other) {
  scored += other.scored;
  changed_grade += other.changed_grade;
  promoted += other.promoted;
  explained += other.explained;
  changed_rows += other.changed_rows;
  return *this;
}

void RowScorer::score(std::span<const std::string_view> row, Counts& counts,
                      std::vector<std::string_view>& out, std::vector<EventText>& events) {
  const Columns& columns = m_s.columns;
  const bool explain_this = m_s.options.explain && wanted(row);
  m_contributions.clear();
  const EngagementTable::Entry* engagement = engagement_of(row);
  const Result result = m_s.rules.score(row, engagement, explain_this ? &m_contributions : nullptr);
  ++counts.scored;

  out.assign(row.begin(), row.end());
  out.resize(columns.header.size());
  const std::string_view old_grade = out[columns.grade];
  const PreviousScore before{old_grade, out[columns.score], out[columns.fit], cell(row, columns.stage)};
  m_fit.clear();
  m_engagement.clear();
  m_score.clear();
  append_points(m_fit, result.fit);
  append_points(m_engagement, result.engagement);
  append_points(m_score, result.score);
  out[columns.fit] = m_fit;
  out[columns.engagement] = m_engagement;
  out[columns.score] = m_score;
  out[columns.grade] = result.grade;
  if (old_grade != result.grade) {
    ++counts.changed_grade;
  }
  const Promotion promotion =
      decide_promotion(cell(row, columns.stage), cell(row, columns.do_not_contact), result.qualifies,
                       m_s.config, normalize::parse_iso(cell(row, columns.stage_at)),
                       engagement ? std::optional<std::int64_t>(engagement->latest) : std::nullopt);
  if (promotion.promoted() && columns.stage) {
    ++counts.promoted;
    out[*columns.stage] = promotion.to;
    for (auto column : {columns.stage_at, columns.updated_at}) {
      if (column) {
        out[*column] = m_s.now_iso;
      }
    }
  }
  m_model_contributions.clear();
  if (m_s.model) {
    const double p =
        explain_this ? m_s.model->probability(row, m_model_contributions) : m_s.model->probability(row);
    m_probability.clear();
    model::append_probability(m_probability, p);
    out[*columns.probability] = m_probability;
  }
  events = score_events(before, result, promotion, m_s.rules);
  if (out.size() != row.size() || !std::equal(row.begin(), row.end(), out.begin())) {
    ++counts.changed_rows;
  }
  if (explain_this) {
    ++counts.explained;
    explain(row);
  }
}

bool RowScorer::wanted(std::span<const std::string_view> row) {
  if (m_s.target.empty()) {
    return true; // all
  }
  const Columns& columns = m_s.columns;
  return (columns.id && text::equals_ignoring_case(cell(row, columns.id), m_s.target)) ||
         (columns.email && !cell(row, columns.email).empty() &&
          email_key(cell(row, columns.email)) == m_s.target_email);
}

// The lead's engagement: by its id, by its email, or both together.
const EngagementTable::Entry* RowScorer::engagement_of(std::span<const std::string_view> row) {
  const EngagementTable& table = m_s.engagement;
  if (table.size() == 0) {
    return nullptr;
  }
  const Columns& columns = m_s.columns;
  const EngagementTable::Entry* by_id = columns.id ? table.find(cell(row, columns.id)) : nullptr;
  const EngagementTable::Entry* by_email = nullptr;
  if (columns.email && !cell(row, columns.email).empty()) {
    m_email_key = email_key(cell(row, columns.email));
    by_email = table.find(m_email_key);
  }
  if (by_id == nullptr || by_email == nullptr) {
    return by_id != nullptr ? by_id : by_email;
  }
  // Activities named by lead_id and others by email: their sums together.
  m_merged = *by_id;
  m_merged.latest = std::max(by_id->latest, by_email->latest);
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

void RowScorer::explain(std::span<const std::string_view> row) {
  if (!m_s.options.on_explain) {
    return;
  }
  const std::string_view id = cell(row, m_s.columns.id);
  const std::string_view email = cell(row, m_s.columns.email);
  std::string points;
  for (const Contribution& c : m_contributions) {
    points = format_points(c.points);
    m_s.options.on_explain({id, email, dimension_name(c.dimension), c.rule, points, c.note});
  }
  std::string rule;
  for (const model::ModelContribution& c : m_model_contributions) {
    rule = fmt::format("{} = {}", c.feature, c.value);
    points = fmt::format("{:.4f}", c.contribution);
    m_s.options.on_explain({id, email, "model", rule, points, ""});
  }
}

} // namespace leads::scoring::detail
