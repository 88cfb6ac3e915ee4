#include <leads/import/run.hpp>

#include <leads/csv/writer.hpp>
#include <leads/import/merge.hpp>
#include <leads/import/row_normalizer.hpp>
#include <leads/lead/fields.hpp>
#include <leads/lead/id.hpp>
#include <leads/normalize/email.hpp>
#include <leads/stop.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <future>

namespace leads::import::detail {

namespace {

constexpr std::size_t k_id = field_index(Field::id);
constexpr std::size_t k_stage_column = field_index(Field::stage);
constexpr std::size_t k_stage_at_column = field_index(Field::stage_at);
constexpr std::size_t k_email_column = field_index(Field::email);
constexpr std::size_t k_created_at_column = field_index(Field::created_at);
constexpr std::size_t k_updated_at_column = field_index(Field::updated_at);
constexpr std::size_t k_owner_column = field_index(Field::owner);
constexpr std::size_t k_first_name_column = field_index(Field::first_name);
constexpr std::size_t k_last_name_column = field_index(Field::last_name);
constexpr std::size_t k_dnc_column = field_index(Field::do_not_contact);
// Versions of a lead (the stored one and its rows) up to which each row's
// part in a merge is found by folding them prefix by prefix (quadratic).
constexpr std::size_t k_exact_versions = 64;
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
  // Each row's values, each followed by a comma: for a row whose values
  // need no quotes (most), its CSV line as the writer writes it.
  std::string bytes;
  std::vector<bool> as_is; // one per row: its line() is its CSV line

  void clear() {
    ids.clear();
    offsets.clear();
    bytes.clear();
    as_is.clear();
  }

  std::string_view value(std::size_t row, std::size_t field) const {
    const std::size_t at = row * (fields + 1) + field;
    return std::string_view(bytes).substr(offsets[at], offsets[at + 1] - offsets[at] - 1);
  }

  // The row's values joined by commas.
  std::string_view line(std::size_t row) const {
    const std::size_t at = row * (fields + 1);
    return std::string_view(bytes).substr(offsets[at], offsets[at + fields] - offsets[at] - 1);
  }
};

// Renders one bucket as CSV text, on a worker thread: its spilled rows sorted
// by (id, sequence) and folded per lead with the merge policy, merge-joined
// with the bucket's stored leads (which pass through unchanged when no row
// names them), plus the created/merged events in the same order.
class BucketRenderer {
public:
  // names: where the names of run.named_leads go as their leads are written.
  BucketRenderer(const Run& run, std::vector<std::string>& names)
      : m_run(run), m_names(names), m_columns(run.columns.size()), m_result(m_columns),
        m_store_values(m_columns) {
    for (const std::string& name : run.input_names) {
      m_plain_names.push_back(name.find_first_of(",\"\r\n") == std::string::npos);
    }
    // (A created event's stage is one of them: imported stages are checked against them.)
    m_plain_stages = std::all_of(run.config.stages.begin(), run.config.stages.end(),
                                 [](const config::Stage& stage) {
                                   return stage.name.find_first_of(",\"\r\n") == std::string::npos;
                                 }) &&
                     run.first_stage.find_first_of(",\"\r\n") == std::string::npos;
    m_before.resize(m_columns);
    m_after.resize(m_columns);
    const auto other = run.extra_columns.find(std::string(k_other_emails_column));
    m_other_emails_column = other == run.extra_columns.end() ? m_columns : other->second;
  }

  // Rows that merged into a lead and changed nothing, so far.
  long unchanged() const { return m_unchanged; }

  void render(std::string_view spill, const StoreChunk& store, std::string& leads, std::string* events) {
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
      if (!m_run.named_leads.empty()) {
        name_lead(m_store->ids[m_store_row], m_store->value(m_store_row, k_first_name_column),
                  m_store->value(m_store_row, k_last_name_column));
      }
      write_stored_lead();
      ++m_store_row;
    }
  }

  // Keeps the name of a lead that a warning names (see Run::named_leads).
  void name_lead(std::uint64_t id, std::string_view first, std::string_view last) {
    const auto it = std::lower_bound(m_run.named_leads.begin(), m_run.named_leads.end(), id);
    if (it == m_run.named_leads.end() || *it != id) {
      return;
    }
    std::string& name = m_names[static_cast<std::size_t>(it - m_run.named_leads.begin())];
    name.assign(first);
    name += first.empty() || last.empty() ? "" : " ";
    name += last;
  }

  // A CSV line of the first `width` columns as it is, then empty columns up
  // to the output's width, and the line end.
  void write_line(std::string_view line, std::size_t width) {
    m_leads->append(line);
    m_leads->append(m_columns - width, ',');
    *m_leads += '\n';
  }

  // The stored lead as it is.
  void write_stored_lead() {
    if (m_store->as_is[m_store_row]) {
      write_line(m_store->line(m_store_row), m_store->fields);
      return;
    }
    load_store_values();
    csv::append_row(*m_leads, std::span<const std::string_view>(m_store_values));
  }

  void load_store_values() {
    std::fill(m_store_values.begin(), m_store_values.end(), std::string_view());
    const std::size_t count = std::min(m_store->fields, m_columns);
    for (std::size_t f = 0; f < count; ++f) {
      m_store_values[f] = m_store->value(m_store_row, f);
    }
  }

  void write_lead(std::string_view spill, std::size_t begin, std::size_t end) {
    const std::uint64_t id = m_entries[begin].id;
    pass_store_until(&id);
    const bool stored = !store_at_end() && m_store->ids[m_store_row] == id;
    const std::size_t count = end - begin;
    if (m_rows.size() < count) {
      m_rows.resize(count);
    }
    lead::format_id(id, m_id);
    SpillRecord record;
    if (count == 1 && !stored) {
      // A new lead of one row (the common case): its line as it was spilled.
      record.read(spill, m_entries[begin].offset);
      m_rows[0].header = record.header();
      const std::size_t at = m_leads->size();
      write_line(record.line(), record.width());
      std::memcpy(m_leads->data() + at, m_id, sizeof m_id);
      if (m_events != nullptr) {
        write_event(m_rows[0].header, "created", spilled_stage(record), "");
      }
      if (!m_run.named_leads.empty()) {
        csv::split_row(record.line(), m_rows[0].values, m_rows[0].scratch);
        m_rows[0].values.resize(m_columns);
        name_lead(id, m_rows[0].values[k_first_name_column], m_rows[0].values[k_last_name_column]);
      }
      return;
    }
    m_versions.clear();
    if (stored) {
      load_store_values();
      m_versions.push_back(&m_store_values);
    }
    for (std::size_t k = 0; k < count; ++k) {
      record.read(spill, m_entries[begin + k].offset);
      m_rows[k].header = record.header();
      read_own_values(record, m_rows[k].values, m_rows[k].scratch);
      m_versions.push_back(&m_rows[k].values);
    }
    const std::size_t first_row = stored ? 1 : 0;
    fold(m_versions, first_row, m_result, m_result_other_emails);
    mark_changing_rows(first_row);
    const bool changed = finalize(stored);
    mark_merged_rows(count, stored, changed && !m_edit_time_only);
    const LeadValues& written = changed ? m_result : m_store_values;
    if (changed) {
      csv::append_row(*m_leads, std::span<const std::string_view>(m_result));
    } else {
      write_stored_lead(); // the rows brought nothing new (the same export again)
    }
    if (!m_run.named_leads.empty()) {
      name_lead(id, written[k_first_name_column], written[k_last_name_column]);
    }
    for (std::size_t k = stored ? 0 : 1; k < count; ++k) {
      m_unchanged += m_rows[k].merged ? 0 : 1;
    }
    if (m_events != nullptr) {
      write_events(count, stored, changed);
    }
    if (stored) {
      ++m_store_row;
    }
  }

  // The events of a lead that rows merged into: created for the first row of
  // a new lead; merged for each row that merged (the last of them names the
  // emails and source ids the lead did not keep, so that none is lost); and
  // when a stored lead changed its stage, owner or do_not_contact, an event
  // of that kind, from the old value to the new, naming the row that gave it.
  void write_events(std::size_t count, bool stored, bool changed) {
    std::size_t last_merged = count;
    for (std::size_t k = stored ? 0 : 1; k < count; ++k) {
      last_merged = m_rows[k].merged ? k : last_merged;
    }
    for (std::size_t k = 0; k < count; ++k) {
      if (k == 0 && !stored) {
        write_event(m_rows[k].header, "created", m_result[k_stage_column], "");
      } else if (m_rows[k].merged) {
        write_event(m_rows[k].header, "merged", "", k == last_merged ? unkept_keys(count, stored) : "");
      }
    }
    if (!stored || !changed) {
      return;
    }
    if (m_result[k_stage_column] != m_store_values[k_stage_column]) {
      write_change_event("stage", k_stage_column, m_result[k_stage_at_column], count);
    }
    if (m_result[k_owner_column] != m_store_values[k_owner_column]) {
      write_change_event("owner", k_owner_column, m_run.now_iso, count);
    }
    if (m_result[k_dnc_column] != m_store_values[k_dnc_column]) {
      write_change_event("do_not_contact", k_dnc_column, m_run.now_iso, count);
    }
  }

  // Which rows change the lead, one after another: row k does when the lead
  // its versions up to it make differs from the one made without it (in any
  // column but id and updated_at). A new lead's first row makes it. The
  // lead of all versions is in m_result (before finalize()); a group too
  // large to fold prefix by prefix counts each row as changing it.
  void mark_changing_rows(std::size_t first_row) {
    const std::size_t versions = m_versions.size();
    for (std::size_t v = 1; v < versions; ++v) {
      m_rows[v - first_row].merged = true;
    }
    // Too many to fold prefix by prefix; or a stored lead and one row (the
    // weekly job), which finalize() compares (mark_merged_rows() settles it).
    if (versions > k_exact_versions || (first_row == 1 && versions == 2)) {
      return;
    }
    // One version folds to itself (but for the emails other_emails gathers).
    const LeadValues* before = m_versions[0];
    if (m_other_emails_column < m_columns) {
      fold(std::span<const LeadValues* const>(m_versions.data(), 1), first_row, m_before,
           m_before_other_emails);
      before = &m_before;
    }
    for (std::size_t v = 1; v < versions; ++v) {
      const bool last = v + 1 == versions;
      if (!last) {
        fold(std::span<const LeadValues* const>(m_versions.data(), v + 1), first_row, m_after,
             m_after_other_emails);
      }
      const LeadValues& after = last ? m_result : m_after;
      bool differs = false;
      for (std::size_t c = 0; c < m_columns && !differs; ++c) {
        differs = c != k_id && c != k_updated_at_column && (*before)[c] != after[c];
      }
      m_rows[v - first_row].merged = differs;
      if (!last) {
        m_before = m_after;
        before = &m_before;
        if (m_other_emails_column < m_columns) {
          m_before_other_emails = m_after_other_emails;
          if (m_after[m_other_emails_column].data() == m_after_other_emails.data()) {
            m_before[m_other_emails_column] = m_before_other_emails;
          }
        }
      }
    }
  }

  // The lead that versions make (fold_lead()), keeping in other_emails (when
  // the output has it) every email of theirs that it does not keep as its
  // email, and every one their other_emails hold: nothing is lost, and the
  // same rows again add nothing. other: where the new value is written.
  void fold(std::span<const LeadValues* const> versions, std::size_t first_row, LeadValues& out,
            std::string& other) {
    fold_lead(m_run.options.merge, versions, first_row, m_run.options.allow_opt_in, m_run.now_iso, out);
    if (m_other_emails_column >= m_columns) {
      return;
    }
    const std::string_view email = out[k_email_column];
    other.assign(out[m_other_emails_column]);
    const normalize::EmailIdentity identity = m_run.config.import.email_identity;
    const std::string_view email_key = normalize::email_identity_key(email, identity, m_email_key);
    auto keep = [&](std::string_view address) {
      // (Under import.email_identity: mailbox, a.b@gmail.com is ab@gmail.com: no other email.)
      if (address.empty() || address == email ||
          normalize::email_identity_key(address, identity, m_address_key) == email_key) {
        return;
      }
      for (std::size_t at = 0; at <= other.size();) {
        const std::size_t end = std::min(other.find(';', at), other.size());
        if (std::string_view(other).substr(at, end - at) == address) {
          return;
        }
        at = end + 1;
      }
      other += other.empty() ? "" : ";";
      other += address;
    };
    for (const LeadValues* version : versions) {
      keep((*version)[k_email_column]);
      const std::string_view others = (*version)[m_other_emails_column];
      for (std::size_t at = 0; at < others.size();) {
        const std::size_t end = std::min(others.find(';', at), others.size());
        keep(others.substr(at, end - at));
        at = end + 1;
      }
    }
    if (other != out[m_other_emails_column]) {
      out[m_other_emails_column] = other;
    }
  }

  // Settles which rows count as merged: none when the stored lead stays as
  // it was (the same export again leaves events.csv as it was, even for a
  // row whose email or source id the lead does not keep), the last one when
  // it changed but no row alone did (defaults a stored lead lacked).
  void mark_merged_rows(std::size_t count, bool stored, bool changed) {
    const std::size_t first = stored ? 0 : 1;
    bool any = false;
    for (std::size_t k = first; k < count; ++k) {
      m_rows[k].merged = m_rows[k].merged && (changed || !stored);
      any = any || m_rows[k].merged;
    }
    if (stored && changed && !any) {
      m_rows[count - 1].merged = true;
    }
  }

  // The stage of a new lead of one row, from its spilled line: the first
  // stage when the row had none.
  std::string_view spilled_stage(const SpillRecord& record) {
    if ((record.defaults() & spill_defaults::k_stage) != 0) {
      return m_run.first_stage;
    }
    if (record.header().stage < m_run.config.stages.size()) {
      return m_run.config.stages[record.header().stage].name;
    }
    // Most lines have no quote at all: count the commas (memchr is vectorized).
    const std::string_view line = record.line();
    const char* p = line.data();
    const char* const end = p + line.size();
    if (std::memchr(p, '"', line.size()) != nullptr) {
      return split_stage(line);
    }
    for (std::size_t column = 0; column < k_stage_column; ++column) {
      p = static_cast<const char*>(std::memchr(p, ',', static_cast<std::size_t>(end - p)));
      if (p == nullptr) {
        return {};
      }
      ++p;
    }
    const char* const stop = static_cast<const char*>(std::memchr(p, ',', static_cast<std::size_t>(end - p)));
    return std::string_view(p, static_cast<std::size_t>((stop == nullptr ? end : stop) - p));
  }

  std::string_view split_stage(std::string_view line) {
    csv::split_row(line, m_rows[0].values, m_rows[0].scratch);
    return m_rows[0].values.size() > k_stage_column ? m_rows[0].values[k_stage_column] : std::string_view();
  }

  // The row's own values (without the defaults of a new lead), for a merge.
  void read_own_values(const SpillRecord& record, LeadValues& values, std::string& scratch) const {
    csv::split_row(record.line(), values, scratch);
    values.resize(m_columns);
    values[k_id] = std::string_view();
    const std::uint8_t defaults = record.defaults();
    namespace bits = spill_defaults;
    // Defaults the row got as a new lead, and keys that are another lead's: not the row's to give.
    const std::pair<std::uint8_t, std::size_t> not_own[] = {
        {bits::k_created_at, k_created_at_column},
        {bits::k_stage, k_stage_column},
        {bits::k_stage_at, k_stage_at_column},
        {bits::k_updated_at, k_updated_at_column},
        {bits::k_foreign_external_id, field_index(Field::external_id)},
        {bits::k_foreign_email, field_index(Field::email)}};
    for (const auto& [bit, column] : not_own) {
      if ((defaults & bit) != 0) {
        values[column] = std::string_view();
      }
    }
    if ((defaults & bits::k_own_stage_at) != 0) {
      values[k_stage_at_column] = record.own_stage_at();
    }
  }

  // Defaults of a lead that this import touched (the result of a merge);
  // updated_at moves to now when a stored lead changed. False when the
  // result is the stored lead as it was.
  bool finalize(bool stored) {
    const std::string_view now = m_run.now_iso;
    m_edit_time_only = false;
    m_result[k_id] = std::string_view(m_id, 16);
    if (!stored) {
      new_lead_defaults(m_result, now, m_run.first_stage);
      return true;
    }
    if (m_result[k_created_at_column].empty()) {
      m_result[k_created_at_column] = now;
    }
    if (m_result[k_stage_column].empty()) {
      m_result[k_stage_column] = m_run.first_stage;
      m_result[k_stage_at_column] = std::string_view();
    }
    if (m_result[k_stage_at_column].empty()) {
      m_result[k_stage_at_column] = now;
    }
    bool changed = false;
    for (std::size_t c = 0; c < m_columns && !changed; ++c) {
      changed = c != k_updated_at_column && m_result[c] != m_store_values[c];
    }
    if (!changed && m_run.options.merge == MergePolicy::newest) {
      // Nothing changed, but a row says the source edited the lead later than
      // the store knew: remember that edit time, or an older export coming
      // next would pass for newer (and roll the lead back). Rows without one
      // (counted as now) move nothing: the same export again changes nothing.
      std::string_view latest_own;
      for (std::size_t v = 1; v < m_versions.size(); ++v) { // [0] is the stored lead
        latest_own = std::max(latest_own, (*m_versions[v])[k_updated_at_column]);
      }
      if (latest_own > m_store_values[k_updated_at_column]) {
        m_result[k_updated_at_column] = latest_own;
        m_edit_time_only = true; // written, but no row changed the lead
        return true;
      }
    }
    if (!changed) {
      return false;
    }
    // Under newest, fold_versions made it the time of the newest version (one
    // without updated_at counts as now), not the import's: later imports then
    // compare the source's edit times with the source's, and the result does
    // not depend on how the imports were split.
    if (m_run.options.merge != MergePolicy::newest) {
      m_result[k_updated_at_column] = now;
    }
    return true;
  }

  // Starts an event's note with the row's input and line ("export.csv:12").
  void note_row(const SpillHeader& row) {
    m_note = m_run.input_names[row.input];
    m_note += ':';
    m_note += std::to_string(row.line);
  }

  // A stored lead's stage, owner or do_not_contact changed (kind, in column):
  // from the stored value to the new one, at `at`, naming the row that gave it.
  void write_change_event(std::string_view kind, std::size_t column, std::string_view at, std::size_t count) {
    note_row(giver(column, count)->header);
    const std::string_view event[] = {
        at, std::string_view(m_id, 16), kind, m_store_values[column], m_result[column], "import", m_note};
    csv::append_row(*m_events, std::span<const std::string_view>(event));
  }

  // The emails and source ids of the versions of a merged lead (the stored
  // one, if any, and its first count rows) that it did not keep, as
  // "; email x not kept; external_ids 7, 9 not kept"; "" when it kept them all.
  const std::string& unkept_keys(std::size_t count, bool stored) {
    m_unkept.clear();
    append_unkept(k_email_column, "email", count, stored);
    append_unkept(field_index(Field::external_id), "external_id", count, stored);
    return m_unkept;
  }

  void append_unkept(std::size_t column, std::string_view name, std::size_t count, bool stored) {
    m_unkept_list.clear();
    const std::string_view kept = m_result[column];
    // Emails the lead keeps in other_emails are kept.
    const std::string_view others = column == k_email_column && m_other_emails_column < m_columns
                                        ? m_result[m_other_emails_column]
                                        : std::string_view();
    auto listed = [](std::string_view list, std::string_view value) {
      for (std::size_t at = 0; at < list.size();) {
        const std::size_t end = std::min(list.find(';', at), list.size());
        if (list.substr(at, end - at) == value) {
          return true;
        }
        at = end + 1;
      }
      return false;
    };
    auto add = [&](std::string_view value) {
      if (!value.empty() && value != kept && !listed(others, value) &&
          std::find(m_unkept_list.begin(), m_unkept_list.end(), value) == m_unkept_list.end()) {
        m_unkept_list.push_back(value);
      }
    };
    if (stored) {
      add(m_store_values[column]);
    }
    for (std::size_t k = 0; k < count; ++k) {
      add(m_rows[k].values[column]);
    }
    if (!m_unkept_list.empty()) {
      m_unkept += fmt::format("; {}{} {} not kept", name, m_unkept_list.size() == 1 ? "" : "s",
                              fmt::join(m_unkept_list, ", "));
    }
  }

  // A created or merged event of a row; to: a created lead's stage.
  void write_event(const SpillHeader& header, std::string_view kind, std::string_view to,
                   std::string_view unkept) {
    const bool created = kind == "created";
    if (m_plain_names[header.input] && unkept.empty() &&
        (m_plain_stages || to.find_first_of(",\"\r\n") == std::string_view::npos)) {
      // No field needs quotes (one event a lead: written directly, in one piece).
      char digits[16];
      const auto line_size =
          static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, header.line).ptr - digits);
      constexpr std::string_view k_created = ",created,,";
      constexpr std::string_view k_merged = ",merged,,";
      constexpr std::string_view k_import = ",import,";
      const std::string_view kind_part = created ? k_created : k_merged;
      const std::string_view name = m_run.input_names[header.input];
      const std::string_view by = created ? std::string_view() : key_name(header.match);
      const std::string_view now = m_run.now_iso;
      const std::size_t size = now.size() + 17 + kind_part.size() + to.size() + k_import.size() +
                               name.size() + 1 + line_size + (created ? 0 : 4 + by.size()) + 1;
      std::string& out = *m_events;
      const std::size_t at = out.size();
      out.resize(at + size);
      char* p = out.data() + at;
      auto put = [&p](std::string_view piece) {
        std::memcpy(p, piece.data(), piece.size());
        p += piece.size();
      };
      put(now);
      *p++ = ',';
      std::memcpy(p, m_id, sizeof m_id);
      p += sizeof m_id;
      put(kind_part);
      put(to);
      put(k_import);
      put(name);
      *p++ = ':';
      put(std::string_view(digits, line_size));
      if (!created) {
        put(" by ");
        put(by);
      }
      *p = '\n';
      return;
    }
    note_row(header);
    if (!created) {
      m_note += " by ";
      m_note += key_name(header.match);
    }
    m_note += unkept;
    const std::string_view row[] = {m_run.now_iso, std::string_view(m_id, 16), kind, "", to, "import",
                                    m_note};
    csv::append_row(*m_events, std::span<const std::string_view>(row));
  }

  const Run& m_run;
  std::vector<std::string>& m_names;
  std::size_t m_columns;
  const StoreChunk* m_store = nullptr;
  std::size_t m_store_row = 0;
  std::string* m_leads = nullptr;
  std::string* m_events = nullptr;
  LeadValues m_result;
  LeadValues m_store_values;
  // The spilled rows of the lead being written: header, and for a merge
  // their own values (unquoted text in scratch).
  struct SpilledRow {
    SpillHeader header;
    LeadValues values;
    std::string scratch;
    bool merged = false; // it changed the lead (see mark_changing_rows())
  };

  // The last of the first count rows whose value in column the lead now has.
  const SpilledRow* giver(std::size_t column, std::size_t count) const {
    for (std::size_t k = count; k-- > 0;) {
      if (m_rows[k].values[column] == m_result[column]) {
        return &m_rows[k];
      }
    }
    return &m_rows[count - 1];
  }

  std::vector<SpilledRow> m_rows;
  std::string m_unkept; // see unkept_keys()
  std::vector<std::string_view> m_unkept_list;
  std::vector<const LeadValues*> m_versions;
  LeadValues m_before; // see mark_changing_rows()
  LeadValues m_after;
  // The column of other_emails (m_columns when the output has none), and the
  // values fold() makes for it, for m_result, m_before and m_after.
  std::size_t m_other_emails_column = 0;
  std::string m_result_other_emails;
  std::string m_before_other_emails;
  std::string m_after_other_emails;
  std::string m_email_key; // scratch of fold()
  std::string m_address_key;
  long m_unchanged = 0;
  bool m_edit_time_only = false; // finalize() changed only updated_at (see there)
  std::vector<Entry> m_entries;
  std::string m_note;
  std::vector<bool> m_plain_names; // by input: its name needs no quotes in CSV
  bool m_plain_stages = false;     // no stage name needs quotes in CSV
  char m_id[16] = {};
};

// One bucket's work: its input, rendered on a worker thread, and its output.
// Jobs are reused from bucket to bucket, so their buffers keep their memory.
struct BucketJob {
  explicit BucketJob(Run& run) : renderer(run, run.lead_names) {}

  BucketRenderer renderer;
  SpillBytes spill;
  StoreChunk store;
  std::string leads;
  std::string events;
  std::shared_future<void> done; // rendered and written out
};

// Whether each field starts one byte, a comma, after the one before ends.
bool one_after_another(std::span<const std::string_view> fields) {
  for (std::size_t k = 1; k < fields.size(); ++k) {
    if (fields[k].data() != fields[k - 1].data() + fields[k - 1].size() + 1 || fields[k].data()[-1] != ',') {
      return false;
    }
  }
  return !fields.empty();
}

// Copies the stored leads of bucket b out of the stream (which is at the first of them).
void read_store_chunk(store::StoreReader& stream, unsigned bucket, StoreChunk& chunk) {
  chunk.fields = stream.header().size();
  while (!stream.at_end() && SpillBuckets::bucket_of(stream.id()) == bucket) {
    chunk.ids.push_back(stream.id());
    const auto& fields = stream.record().fields;
    const std::size_t start = chunk.bytes.size();
    if (fields.size() == chunk.fields && one_after_another(fields)) {
      // Unquoted in the file: the record's text is its values joined by commas.
      const char* const low = fields.front().data();
      chunk.bytes.append(low, static_cast<std::size_t>(fields.back().data() + fields.back().size() - low));
      chunk.bytes += ',';
      for (std::string_view field : fields) {
        chunk.offsets.push_back(
            static_cast<std::uint32_t>(start + static_cast<std::size_t>(field.data() - low)));
      }
    } else {
      for (std::size_t f = 0; f < chunk.fields; ++f) {
        chunk.offsets.push_back(static_cast<std::uint32_t>(chunk.bytes.size()));
        chunk.bytes.append(f < fields.size() ? fields[f] : std::string_view());
        chunk.bytes += ',';
      }
    }
    chunk.offsets.push_back(static_cast<std::uint32_t>(chunk.bytes.size()));
    const std::string_view line = std::string_view(chunk.bytes).substr(start, chunk.bytes.size() - start - 1);
    chunk.as_is.push_back(csv::written_as_is(line, chunk.fields));
    stream.next();
  }
}

} // namespace

void write_leads(Run& run, store::StoreReader* store, store::CsvSink& leads, store::CsvSink* events) {
  leads.row(std::span<const std::string>(run.columns));
  if (store != nullptr) {
    store->next();
  }
  // Buckets in order; up to k_in_flight rendered at once on worker threads,
  // while this thread copies the next buckets' stored leads out of the store.
  // Each job writes its text out once the job of the bucket before has (a
  // chain of futures keeps the output in bucket order), so that writing, too,
  // is off this thread. Bucket b takes job b % k_in_flight once the job's
  // previous bucket is written.
  std::vector<std::unique_ptr<BucketJob>> jobs;
  for (std::size_t j = 0; j < k_in_flight; ++j) {
    jobs.push_back(std::make_unique<BucketJob>(run));
  }
  std::shared_future<void> previous; // the bucket before's job, done
  try {
    for (unsigned b = 0; b < SpillBuckets::k_count; ++b) {
      throw_if_stop_requested();
      BucketJob& job = *jobs[b % k_in_flight];
      if (job.done.valid()) {
        job.done.get();
      }
      run.buckets.take(b, job.spill);
      job.store.clear();
      if (store != nullptr) {
        read_store_chunk(*store, b, job.store);
      }
      job.leads.clear();
      job.events.clear();
      job.done = std::async(std::launch::async, [&job, &leads, events, previous] {
                   job.renderer.render(job.spill.view(), job.store, job.leads,
                                       events != nullptr ? &job.events : nullptr);
                   if (previous.valid()) {
                     previous.get(); // rethrows the failure of a bucket before: write nothing more
                   }
                   leads.text(job.leads);
                   if (events != nullptr) {
                     events->text(job.events);
                   }
                 }).share();
      previous = job.done;
    }
    if (previous.valid()) {
      previous.get(); // the last bucket, and so every bucket, written
    }
    // Merges that changed nothing are counted apart: read = new + merged + unchanged + rejected.
    for (const auto& job : jobs) {
      run.summary.unchanged += job->renderer.unchanged();
      run.summary.merged -= job->renderer.unchanged();
    }
    for (auto& shared : run.summary.first_shared_phones) {
      const auto it =
          std::lower_bound(run.named_leads.begin(), run.named_leads.end(), *lead::parse_id(shared.lead));
      shared.lead_name = run.lead_names[static_cast<std::size_t>(it - run.named_leads.begin())];
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
