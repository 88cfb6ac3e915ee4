#include <leads/import/run.hpp>

#include <leads/import/lead_id.hpp>
#include <leads/import/merge.hpp>
#include <leads/lead/fields.hpp>

#include <algorithm>

namespace leads::import::detail {

namespace {

constexpr std::size_t k_id = field_index(Field::id);
constexpr std::size_t k_stage = field_index(Field::stage);
constexpr std::size_t k_stage_at = field_index(Field::stage_at);
constexpr std::size_t k_created_at = field_index(Field::created_at);
constexpr std::size_t k_updated_at = field_index(Field::updated_at);

std::string_view key_name(char match) {
  switch (match) {
  case 'e': return "email";
  case 'x': return "external_id";
  case 'p': return "phone";
  case 'n': return "name";
  case 'i': return "id";
  default: return "";
  }
}

// Phase 2: one bucket at a time, rows sorted by (id, sequence), each lead
// folded with its stored record (merge-join with the store stream).
class OutputPass {
public:
  OutputPass(Run& run, StoreStream* store, CsvSink& leads, CsvSink* events)
      : m_run(run), m_store(store), m_leads(leads), m_events(events), m_columns(run.columns.size()),
        m_result(m_columns), m_store_values(m_columns) {
    m_first_stage = run.config.stages.empty() ? std::string("new") : run.config.stages.front().name;
  }

  void write() {
    m_leads.row(std::span<const std::string>(m_run.columns));
    if (m_store != nullptr) {
      m_store->next();
    }
    for (unsigned b = 0; b < SpillBuckets::k_count; ++b) {
      write_bucket(m_run.buckets.take(b));
    }
    pass_store_until(nullptr);
  }

private:
  struct Entry {
    std::uint64_t id;
    std::uint32_t sequence;
    std::uint32_t offset;
  };

  void write_bucket(const std::string& data) {
    m_entries.clear();
    for (std::size_t offset = 0; offset < data.size();) {
      Entry entry{0, 0, static_cast<std::uint32_t>(offset)};
      offset = SpillRecord::peek(data, offset, entry.id, entry.sequence);
      m_entries.push_back(entry);
    }
    std::sort(m_entries.begin(), m_entries.end(), [](const Entry& a, const Entry& b) {
      return a.id != b.id ? a.id < b.id : a.sequence < b.sequence;
    });
    for (std::size_t begin = 0; begin < m_entries.size();) {
      std::size_t end = begin + 1;
      while (end < m_entries.size() && m_entries[end].id == m_entries[begin].id) {
        ++end;
      }
      write_lead(data, begin, end);
      begin = end;
    }
  }

  // Writes the stored leads whose id is below *id (all of them for nullptr), unchanged.
  void pass_store_until(const std::uint64_t* id) {
    if (m_store == nullptr) {
      return;
    }
    while (!m_store->at_end() && (id == nullptr || m_store->id() < *id)) {
      load_store_values();
      m_leads.row(std::span<const std::string_view>(m_store_values));
      m_store->next();
    }
  }

  void load_store_values() {
    const auto& fields = m_store->record().fields;
    std::fill(m_store_values.begin(), m_store_values.end(), std::string_view());
    std::copy_n(fields.begin(), std::min(fields.size(), m_columns), m_store_values.begin());
  }

  void write_lead(const std::string& data, std::size_t begin, std::size_t end) {
    const std::uint64_t id = m_entries[begin].id;
    pass_store_until(&id);
    const bool stored = m_store != nullptr && !m_store->at_end() && m_store->id() == id;
    m_versions.clear();
    if (stored) {
      load_store_values();
      m_versions.push_back(&m_store_values);
    }
    const std::size_t count = end - begin;
    if (m_pool.size() < count) {
      m_pool.resize(count);
      m_headers.resize(count);
    }
    for (std::size_t k = 0; k < count; ++k) {
      // A lead of one row (the common case) is decoded straight into the result.
      LeadValues& values = count == 1 && !stored ? m_result : m_pool[k];
      values.assign(m_columns, std::string_view());
      SpillRecord record;
      record.read(data, m_entries[begin + k].offset);
      m_headers[k] = record.header();
      std::uint16_t column;
      std::string_view value;
      while (record.next_field(column, value)) {
        values[column] = value;
      }
      m_versions.push_back(&values);
    }
    if (count > 1 || stored) {
      fold_versions(m_run.options.merge, m_versions, m_run.now_iso, m_result);
    }
    format_id(id, m_id);
    finalize(stored);
    m_leads.row(std::span<const std::string_view>(m_result));
    if (m_events != nullptr) {
      for (std::size_t k = 0; k < count; ++k) {
        write_event(m_headers[k], k == 0 && !stored);
      }
    }
    if (stored) {
      m_store->next();
    }
  }

  // Defaults of a lead that this import touched; updated_at moves to now
  // when a stored lead changed.
  void finalize(bool stored) {
    const std::string_view now = m_run.now_iso;
    m_result[k_id] = std::string_view(m_id, 16);
    if (m_result[k_created_at].empty()) {
      m_result[k_created_at] = now;
    }
    if (m_result[k_stage].empty()) {
      m_result[k_stage] = m_first_stage;
      m_result[k_stage_at] = std::string_view();
    }
    if (m_result[k_stage_at].empty()) {
      m_result[k_stage_at] = stored ? now : m_result[k_created_at];
    }
    if (!stored) {
      if (m_result[k_updated_at].empty()) {
        m_result[k_updated_at] = now;
      }
      return;
    }
    bool changed = false;
    for (std::size_t c = 0; c < m_columns && !changed; ++c) {
      changed = c != k_updated_at && m_result[c] != m_store_values[c];
    }
    m_result[k_updated_at] = changed ? now : m_store_values[k_updated_at];
  }

  void write_event(const SpillHeader& header, bool created) {
    m_note = m_run.input_names[header.input];
    m_note += ':';
    m_note += std::to_string(header.line);
    if (!created) {
      m_note += " by ";
      m_note += key_name(header.match);
    }
    const std::string_view row[] = {
        m_run.now_iso, std::string_view(m_id, 16), created ? "created" : "merged", "", "", "import", m_note};
    m_events->row(std::span<const std::string_view>(row));
  }

  Run& m_run;
  StoreStream* m_store;
  CsvSink& m_leads;
  CsvSink* m_events;
  std::size_t m_columns;
  LeadValues m_result;
  LeadValues m_store_values;
  std::vector<LeadValues> m_pool;
  std::vector<SpillHeader> m_headers;
  std::vector<const LeadValues*> m_versions;
  std::vector<Entry> m_entries;
  std::string m_first_stage;
  std::string m_note;
  char m_id[16] = {};
};

} // namespace

void write_leads(Run& run, StoreStream* store, CsvSink& leads, CsvSink* events) {
  OutputPass(run, store, leads, events).write();
}

} // namespace leads::import::detail
