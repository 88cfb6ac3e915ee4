#include <leads/import/bucket_renderer.hpp>

#include <leads/csv/writer.hpp>
#include <leads/import/row_normalizer.hpp>
#include <leads/lead/id.hpp>
#include <leads/normalize/email.hpp>

#include <algorithm>
#include <cstring>

namespace leads::import::detail {

BucketRenderer::BucketRenderer(const Run& run, std::vector<std::string>& names)
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

void BucketRenderer::render(std::string_view spill, const StoreChunk& store, std::string& leads,
                            std::string* events) {
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

void BucketRenderer::pass_store_until(const std::uint64_t* id) {
  while (!store_at_end() && (id == nullptr || m_store->ids[m_store_row] < *id)) {
    if (!m_run.named_leads.empty()) {
      name_lead(m_store->ids[m_store_row], m_store->value(m_store_row, k_first_name_column),
                m_store->value(m_store_row, k_last_name_column));
    }
    write_stored_lead();
    ++m_store_row;
  }
}

void BucketRenderer::name_lead(std::uint64_t id, std::string_view first, std::string_view last) {
  const auto it = std::lower_bound(m_run.named_leads.begin(), m_run.named_leads.end(), id);
  if (it == m_run.named_leads.end() || *it != id) {
    return;
  }
  std::string& name = m_names[static_cast<std::size_t>(it - m_run.named_leads.begin())];
  name.assign(first);
  name += first.empty() || last.empty() ? "" : " ";
  name += last;
}

void BucketRenderer::write_line(std::string_view line, std::size_t width) {
  m_leads->append(line);
  m_leads->append(m_columns - width, ',');
  *m_leads += '\n';
}

void BucketRenderer::write_stored_lead() {
  if (m_store->as_is[m_store_row]) {
    write_line(m_store->line(m_store_row), m_store->fields);
    return;
  }
  load_store_values();
  csv::append_row(*m_leads, std::span<const std::string_view>(m_store_values));
}

void BucketRenderer::load_store_values() {
  std::fill(m_store_values.begin(), m_store_values.end(), std::string_view());
  const std::size_t count = std::min(m_store->fields, m_columns);
  for (std::size_t f = 0; f < count; ++f) {
    m_store_values[f] = m_store->value(m_store_row, f);
  }
}

void BucketRenderer::write_lead(std::string_view spill, std::size_t begin, std::size_t end) {
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
    record.read(spill, m_entries[begin].offset);
  }
  if (count == 1 && !stored && !record.history().dated) {
    // A new lead of one row that dates no stage (the common case): its line as it was spilled.
    m_rows[0].header = record.header();
    const std::size_t at = m_leads->size();
    write_line(record.line(), record.width());
    std::memcpy(m_leads->data() + at, m_id, sizeof m_id);
    if (m_events != nullptr) {
      write_event(m_rows[0].header, "created", spilled_stage(record), "",
                  spilled_column(record.line(), k_created_at_column, m_split, record.width()));
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
  m_dates.clear();
  m_earliest_edit = {};
  for (std::size_t k = 0; k < count; ++k) {
    record.read(spill, m_entries[begin + k].offset);
    m_rows[k].header = record.header();
    read_own_values(record, m_rows[k].values, m_rows[k].scratch);
    m_versions.push_back(&m_rows[k].values);
    gather_history(k, record);
  }
  const std::size_t first_row = stored ? 1 : 0;
  fold(m_versions, first_row, m_result, m_result_other_emails);
  mark_changing_rows(first_row);
  plan_history(count, stored);
  const bool changed = finalize(stored);
  mark_merged_rows(count, stored, changed && !m_edit_time_only);
  mark_history_rows(count, stored);
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

void BucketRenderer::mark_changing_rows(std::size_t first_row) {
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

void BucketRenderer::fold(std::span<const LeadValues* const> versions, std::size_t first_row, LeadValues& out,
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

void BucketRenderer::mark_merged_rows(std::size_t count, bool stored, bool changed) {
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

std::string_view BucketRenderer::spilled_stage(const SpillRecord& record) {
  if ((record.defaults() & spill_defaults::k_stage) != 0) {
    return m_run.first_stage;
  }
  if (record.header().stage < m_run.config.stages.size()) {
    return m_run.config.stages[record.header().stage].name;
  }
  return spilled_column(record.line(), k_stage_column, m_rows[0], record.width());
}

std::string_view BucketRenderer::spilled_column(std::string_view line, std::size_t column, SpilledRow& split,
                                                std::size_t width) {
  // Most lines have no quote at all: count the commas (memchr is vectorized),
  // from the nearer end (created_at is the last but two of the canonical columns).
  const char* const begin = line.data();
  const char* const end = begin + line.size();
  if (std::memchr(begin, '"', line.size()) != nullptr) {
    csv::split_row(line, split.values, split.scratch);
    return split.values.size() > column ? split.values[column] : std::string_view();
  }
  if (column < width && width - column < column) {
    const char* stop = end; // the end of the field
    for (std::size_t c = width - 1; c > column; --c) {
      stop = static_cast<const char*>(memrchr(begin, ',', static_cast<std::size_t>(stop - begin)));
      if (stop == nullptr) {
        return {};
      }
    }
    const char* const comma =
        static_cast<const char*>(memrchr(begin, ',', static_cast<std::size_t>(stop - begin)));
    const char* const start = comma == nullptr ? begin : comma + 1;
    return std::string_view(start, static_cast<std::size_t>(stop - start));
  }
  const char* p = begin;
  for (std::size_t c = 0; c < column; ++c) {
    p = static_cast<const char*>(std::memchr(p, ',', static_cast<std::size_t>(end - p)));
    if (p == nullptr) {
      return {};
    }
    ++p;
  }
  const char* const stop = static_cast<const char*>(std::memchr(p, ',', static_cast<std::size_t>(end - p)));
  return std::string_view(p, static_cast<std::size_t>((stop == nullptr ? end : stop) - p));
}

void BucketRenderer::read_own_values(const SpillRecord& record, LeadValues& values,
                                     std::string& scratch) const {
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

bool BucketRenderer::finalize(bool stored) {
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

} // namespace leads::import::detail
