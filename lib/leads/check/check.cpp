#include <leads/check/check.hpp>

#include <leads/csv/reader.hpp>
#include <leads/error.hpp>
#include <leads/expr/expr.hpp>
#include <leads/lead/dedupe_index.hpp>
#include <leads/lead/fields.hpp>
#include <leads/lead/id.hpp>
#include <leads/normalize/date.hpp>
#include <leads/normalize/email.hpp>
#include <leads/store/history.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <unordered_set>

#include <sys/stat.h>

namespace leads::check {

namespace {

namespace fs = std::filesystem;

class Checker {
public:
  explicit Checker(const store::Workspace& workspace) : m_workspace(workspace) {}

  Report run() {
    check_store();
    check_expressions();
    check_events();
    check_activities();
    return std::move(m_report);
  }

private:
  const store::Workspace& m_workspace;
  Report m_report;
  std::vector<std::string> m_columns;
  // The store's lead ids (as numbers), for the history files' references,
  // which are checked when the store was read to its end (an empty store
  // too: events of leads it lost are problems).
  lead::GroupIds m_ids;
  bool m_store_read = false;
  bool m_read_stopped = false; // a CSV syntax error ended the file being read

  void problem(const std::string& file, long line, long column, std::string message) {
    m_report.problems.push_back({file, line, column, std::move(message)});
  }

  // Paths as the user would type them from here.
  static std::string display(const fs::path& path) { return store::display_path(path); }

  // Opens a CSV of the workspace (whose header is columns); a missing or
  // unreadable file is a problem, not a crash.
  template <typename Columns>
  std::unique_ptr<csv::Reader> open(const fs::path& path, const std::string& name, const Columns& columns) {
    if (!fs::exists(path)) {
      // (Not 'leads init --force', which would write leads.yaml anew too.)
      problem(name, 0, 0,
              fmt::format("missing; restore it from a backup, or start it empty: printf '%s\\n' '{}' > '{}'",
                          fmt::join(columns, ","), name));
      return nullptr;
    }
    csv::ReaderOptions options;
    options.display_name = name;
    options.delimiter = ',';
    options.ragged = csv::RaggedPolicy::allow;
    try {
      return csv::Reader::open(path.string(), options);
    } catch (const Error& error) {
      problem(error.file(), error.line(), error.column(), error.message());
      return nullptr;
    }
  }

  // Reads records, turning a CSV syntax error into a problem that ends the file.
  static bool next(csv::Reader& reader, csv::Record& record, Checker& self) {
    try {
      return reader.next(record);
    } catch (const Error& error) {
      self.problem(error.file(), error.line(), error.column(), error.message());
      self.m_read_stopped = true;
      return false;
    }
  }

  void check_store() {
    std::string name = display(m_workspace.leads_file());
    auto reader = open(m_workspace.leads_file(), name, k_field_names);
    if (!reader) {
      return;
    }
    m_columns = reader->header();
    for (std::size_t i = 0; i < k_field_count; ++i) {
      if (i >= m_columns.size() || m_columns[i] != k_field_names[i]) {
        problem(
            name, reader->header_line(), 0,
            fmt::format("column {} should be '{}' (the canonical columns come first, in order), found '{}'",
                        i + 1, k_field_names[i], i < m_columns.size() ? m_columns[i] : std::string()));
        m_columns.clear(); // rules are then checked against the canonical columns alone
        return;
      }
    }
    std::unordered_set<std::string> seen_columns;
    for (const auto& column : m_columns) {
      if (!seen_columns.insert(column).second) {
        problem(name, reader->header_line(), 0, fmt::format("column '{}' appears twice", column));
      }
    }

    // The emails and source ids seen, as fingerprints (see lead::DedupeIndex),
    // each with its row: import finds a lead by either, so no two leads share one.
    lead::DedupeIndex emails;
    lead::DedupeIndex source_ids;
    struct stat st {};
    if (::stat(m_workspace.leads_file().c_str(), &st) == 0) {
      const auto rows = static_cast<std::size_t>(st.st_size) / 200; // about 200 bytes a lead
      emails.reserve(rows);
      source_ids.reserve(rows);
      m_ids.reserve(rows);
    }
    std::uint64_t highest_id = 0;
    std::uint32_t row = 0;
    csv::Record record;
    while (next(*reader, record, *this)) {
      ++m_report.leads;
      ++row;
      const long line = record.line;
      const std::optional<std::uint64_t> id_value = lead::parse_id(record.fields[field_index(Field::id)]);
      if (record.fields.size() != m_columns.size()) {
        problem(name, line, 0,
                fmt::format("expected {} fields, found {}", m_columns.size(), record.fields.size()));
        if (id_value && !m_ids.find(*id_value)) {
          m_ids.add(*id_value); // the lead is there, damaged: its events are not the problem
        }
        continue;
      }
      auto field = [&](Field f) { return record.fields[field_index(f)]; };
      const std::string_view id = field(Field::id);
      if (!id_value) {
        problem(name, line, 0, fmt::format("id '{}' is not 16 lower-case hex digits", id));
      } else if (m_ids.find(*id_value)) {
        problem(name, line, 0, fmt::format("id {} appears twice", id));
      } else {
        m_ids.add(*id_value);
        if (*id_value < highest_id) {
          problem(name, line, 0, fmt::format("id {} is out of order (rows are sorted by id)", id));
        }
        highest_id = std::max(highest_id, *id_value);
      }

      std::string_view email = field(Field::email);
      if (!email.empty()) {
        const std::string normalized = normalize::email(email);
        const bool valid = normalize::is_valid_email(normalized);
        if (normalized != email && valid) {
          problem(name, line, 0,
                  fmt::format("email '{}' is not normalized; write it as {}", email, normalized));
        } else if (!valid) {
          problem(name, line, 0, fmt::format("email '{}' is not a valid, normalized address", email));
        }
        // Compared as import compares them: 'ANN@x.example' is ann@x.example's twin.
        if (valid && emails.insert(lead::DedupeIndex::hash(lead::KeyKind::email, normalized), row) != row) {
          problem(name, line, 0, fmt::format("email {} belongs to two leads; merge them", normalized));
        }
      }
      const std::string_view source_id = field(Field::external_id);
      if (!source_id.empty() &&
          source_ids.insert(lead::DedupeIndex::hash(lead::KeyKind::external_id, source_id), row) != row) {
        problem(name, line, 0,
                fmt::format("external_id {} belongs to two leads; merge them, or empty it where it is wrong",
                            source_id));
      }
      std::string_view stage = field(Field::stage);
      if (!stage.empty() && !m_workspace.config.find_stage(stage)) {
        problem(name, line, 0, fmt::format("stage '{}' is not a stage in leads.yaml", stage));
      }
      for (Field f : {Field::created_at, Field::updated_at, Field::stage_at}) {
        std::string_view value = field(f);
        if (!value.empty() && !normalize::parse_iso(value)) {
          problem(name, line, 0,
                  fmt::format("{} '{}' is not a UTC ISO 8601 timestamp", field_name(f), value));
        }
      }
      for (Field f : {Field::score, Field::fit, Field::engagement}) {
        std::string_view value = field(f);
        if (!value.empty() && !is_number(value)) {
          problem(name, line, 0, fmt::format("{} '{}' is not a number", field_name(f), value));
        }
      }
      std::string_view dnc = field(Field::do_not_contact);
      if (!dnc.empty() && dnc != "true" && dnc != "false") {
        problem(name, line, 0, fmt::format("do_not_contact '{}' is not true or false", dnc));
      }
    }
    m_store_read = !m_read_stopped;
  }

  void check_expressions() {
    const auto& config = m_workspace.config;
    std::string file = config.source.empty() ? "leads.yaml" : config.source;
    expr::Schema schema{
        m_columns.empty() ? std::vector<std::string>(k_field_names.begin(), k_field_names.end()) : m_columns,
        config.lists};
    auto compile = [&](const std::string& text, const config::Mark& mark,
                       const std::vector<config::Mark>& at) {
      try {
        expr::Origin origin{ErrorKind::config, file, mark.line, mark.column, {}};
        for (const config::Mark& position : at) {
          origin.positions.emplace_back(position.line, position.column);
        }
        expr::Expression::compile(text, schema, origin);
      } catch (const Error& error) {
        problem(error.file(), error.line(), error.column(), error.message());
      }
    };
    for (const auto& rule : config.scoring.fit) {
      compile(rule.when, rule.when_mark, rule.when_positions);
    }
    for (const auto& rule : config.routing.rules) {
      compile(rule.when, rule.when_mark, rule.when_positions);
    }
  }

  template <std::size_t N>
  std::unique_ptr<csv::Reader> open_history(const fs::path& path,
                                            const std::array<std::string_view, N>& columns) {
    std::string name = display(path);
    auto reader = open(path, name, columns);
    if (!reader) {
      return nullptr;
    }
    std::vector<std::string> expected(columns.begin(), columns.end());
    if (reader->header() != expected) {
      problem(name, reader->header_line(), 0,
              fmt::format("the header should be {}", fmt::join(columns, ",")));
      return nullptr;
    }
    return reader;
  }

  void check_reference(const std::string& name, const csv::Record& record, std::size_t at,
                       std::size_t lead_id, std::size_t width) {
    if (record.fields.size() != width) {
      problem(name, record.line, 0, fmt::format("expected {} fields, found {}", width, record.fields.size()));
      return;
    }
    std::string_view when = record.fields[at];
    if (!normalize::parse_iso(when)) {
      problem(name, record.line, 0, fmt::format("at '{}' is not a UTC ISO 8601 timestamp", when));
    }
    const std::string_view id = record.fields[lead_id];
    const std::optional<std::uint64_t> id_value = lead::parse_id(id);
    if (m_store_read && !(id_value && m_ids.find(*id_value))) {
      problem(name, record.line, 0, fmt::format("lead {} is not in the store", id));
    }
  }

  void check_events() {
    auto reader = open_history(m_workspace.events_file(), k_event_columns);
    if (!reader) {
      return;
    }
    const std::vector<std::string> kinds = store::event_kinds.names();
    csv::Record record;
    while (next(*reader, record, *this)) {
      ++m_report.events;
      check_reference(reader->display_name(), record, 0, 1, k_event_columns.size());
      if (record.fields.size() == k_event_columns.size() &&
          std::find(kinds.begin(), kinds.end(), record.fields[2]) == kinds.end()) {
        problem(reader->display_name(), record.line, 0,
                fmt::format("unknown event kind '{}'", record.fields[2]));
      }
    }
  }

  void check_activities() {
    auto reader = open_history(m_workspace.activities_file(), k_activity_columns);
    if (!reader) {
      return;
    }
    csv::Record record;
    while (next(*reader, record, *this)) {
      ++m_report.activities;
      check_reference(reader->display_name(), record, 0, 1, k_activity_columns.size());
    }
  }
};

} // namespace

Report check_workspace(const store::Workspace& workspace) {
  return Checker(workspace).run();
}

} // namespace leads::check
