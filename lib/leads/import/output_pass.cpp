#include <leads/import/run.hpp>

#include <leads/csv/writer.hpp>
#include <leads/import/lead_id.hpp>
#include <leads/import/merge.hpp>
#include <leads/lead/fields.hpp>

#include <algorithm>
#include <deque>
#include <future>

namespace leads::import::detail {

namespace {

constexpr std::size_t k_id = field_index(Field::id);
constexpr std::size_t k_stage = field_index(Field::stage);
constexpr std::size_t k_stage_at = field_index(Field::stage_at);
constexpr std::size_t k_created_at = field_index(Field::created_at);
constexpr std::size_t k_updated_at = field_index(Field::updated_at);
// Buckets rendered at the same time (each holds its spilled rows and output).
constexpr std::size_t k_in_flight = 3;
// Spilled rows fetched ahead of rendering, and how many of their first bytes.
constexpr std::size_t k_prefetch_distance = 8;
constexpr std::size_t k_prefetch_bytes = 256;

std::string_view key_name(char match) {
  switch (match) {
  case 'e':
    return "email";
  case 'x':
    return "external_id";
  case 'p':
    return "phone";
  case 'n':
    return "name";
  case 'i':
    return "id";
  default:
    return "";
  }
}

// The stored leads whose ids fall in one bucket, copied out of the store stream.
struct StoreChunk {
  std::size_t fields = 0;             // values per row (the store's columns)
  std::vector<std::uint64_t> ids;     // one per row, increasing
  std::vector<std::uint32_t> offsets; // fields + 1 per row, into bytes
  std::string bytes;

  std::string_view value(std::size_t row, std::size_t field) const {
    const std::size_t at = row * (fields + 1) + field;
    return std::string_view(bytes).substr(offsets[at], offsets[at + 1] - offsets[at]);
  }
};

// Renders one bucket as CSV text, on a worker thread: its spilled rows sorted
// by (id, sequence) and folded per lead with the merge policy, merge-joined
// with the bucket's stored leads (which pass through unchanged when no row
// names them), plus the created/merged events in the same order.
class BucketRenderer {
public:
  explicit BucketRenderer(const Run& run)
      : m_run(run), m_columns(run.columns.size()), m_result(m_columns), m_store_values(m_columns) {
    m_first_stage = run.config.stages.empty() ? std::string("new") : run.config.stages.front().name;
  }

  void render(const std::string& spill, const StoreChunk& store, std::string& leads, std::string* events) {
    m_store = &store;
    m_leads = &leads;
    m_events = events;
    m_store_row = 0;
    m_entries.clear();
    // The CSV text is about as long as the spilled rows and stored leads.
    leads.reserve(spill.size() + store.bytes.size() + store.ids.size() * m_columns);
    for (std::size_t offset = 0; offset < spill.size();) {
      Entry entry{0, 0, offset};
      offset = SpillRecord::peek(spill, offset, entry.id, entry.sequence);
      m_entries.push_back(entry);
    }
    std::sort(m_entries.begin(), m_entries.end(), [](const Entry& a, const Entry& b) {
      return a.id != b.id ? a.id < b.id : a.sequence < b.sequence;
    });
    for (std::size_t begin = 0; begin < m_entries.size();) {
      // The rows are read in id order, scattered over the spill: fetch ahead.
      if (begin + k_prefetch_distance < m_entries.size()) {
        const char* ahead = spill.data() + m_entries[begin + k_prefetch_distance].offset;
        for (std::size_t line = 0; line < k_prefetch_bytes; line += 64) {
          __builtin_prefetch(ahead + line);
        }
      }
      std::size_t end = begin + 1;
      while (end < m_entries.size() && m_entries[end].id == m_entries[begin].id) {
        ++end;
      }
      write_lead(spill, begin, end);
      begin = end;
    }
    pass_store_until(nullptr);
  }

private:
  struct Entry {
    std::uint64_t id;
    std::uint32_t sequence;
    std::size_t offset;
  };

  bool store_at_end() const { return m_store_row >= m_store->ids.size(); }

  // Writes the stored leads whose id is below *id (all that are left for nullptr), unchanged.
  void pass_store_until(const std::uint64_t* id) {
    while (!store_at_end() && (id == nullptr || m_store->ids[m_store_row] < *id)) {
      load_store_values();
      csv::append_row(*m_leads, std::span<const std::string_view>(m_store_values));
      ++m_store_row;
    }
  }

  void load_store_values() {
    std::fill(m_store_values.begin(), m_store_values.end(), std::string_view());
    const std::size_t count = std::min(m_store->fields, m_columns);
    for (std::size_t f = 0; f < count; ++f) {
      m_store_values[f] = m_store->value(m_store_row, f);
    }
  }

  void write_lead(const std::string& spill, std::size_t begin, std::size_t end) {
    const std::uint64_t id = m_entries[begin].id;
    pass_store_until(&id);
    const bool stored = !store_at_end() && m_store->ids[m_store_row] == id;
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
      record.read(spill, m_entries[begin + k].offset);
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
    csv::append_row(*m_leads, std::span<const std::string_view>(m_result));
    if (m_events != nullptr) {
      for (std::size_t k = 0; k < count; ++k) {
        write_event(m_headers[k], k == 0 && !stored);
      }
    }
    if (stored) {
      ++m_store_row;
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
    csv::append_row(*m_events, std::span<const std::string_view>(row));
  }

  const Run& m_run;
  std::size_t m_columns;
  const StoreChunk* m_store = nullptr;
  std::size_t m_store_row = 0;
  std::string* m_leads = nullptr;
  std::string* m_events = nullptr;
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

// One bucket's work: its input, rendered on a worker thread, and its output.
struct BucketJob {
  std::string spill;
  StoreChunk store;
  std::string leads;
  std::string events;
  std::future<void> done;
};

// Copies the stored leads of bucket b out of the stream (which is at the first of them).
void read_store_chunk(StoreStream& stream, unsigned bucket, StoreChunk& chunk) {
  chunk.fields = stream.header().size();
  while (!stream.at_end() && SpillBuckets::bucket_of(stream.id()) == bucket) {
    chunk.ids.push_back(stream.id());
    const auto& fields = stream.record().fields;
    for (std::size_t f = 0; f < chunk.fields; ++f) {
      chunk.offsets.push_back(static_cast<std::uint32_t>(chunk.bytes.size()));
      chunk.bytes.append(f < fields.size() ? fields[f] : std::string_view());
    }
    chunk.offsets.push_back(static_cast<std::uint32_t>(chunk.bytes.size()));
    stream.next();
  }
}

} // namespace

void write_leads(Run& run, StoreStream* store, CsvSink& leads, CsvSink* events) {
  leads.row(std::span<const std::string>(run.columns));
  if (store != nullptr) {
    store->next();
  }
  // Buckets in order; up to k_in_flight rendered at once on worker threads.
  std::deque<std::unique_ptr<BucketJob>> jobs;
  auto finish_oldest = [&] {
    BucketJob& job = *jobs.front();
    job.done.get();
    leads.text(job.leads);
    if (events != nullptr) {
      events->text(job.events);
    }
    jobs.pop_front();
  };
  try {
    for (unsigned b = 0; b < SpillBuckets::k_count; ++b) {
      auto job = std::make_unique<BucketJob>();
      job->spill = run.buckets.take(b);
      if (store != nullptr) {
        read_store_chunk(*store, b, job->store);
      }
      BucketJob* raw = job.get();
      const bool with_events = events != nullptr;
      job->done = std::async(std::launch::async, [&run, raw, with_events] {
        BucketRenderer(run).render(raw->spill, raw->store, raw->leads, with_events ? &raw->events : nullptr);
      });
      jobs.push_back(std::move(job));
      if (jobs.size() >= k_in_flight) {
        finish_oldest();
      }
    }
    while (!jobs.empty()) {
      finish_oldest();
    }
  } catch (...) {
    for (auto& job : jobs) {
      if (job->done.valid()) {
        job->done.wait();
      }
    }
    throw;
  }
}

} // namespace leads::import::detail
