#include <leads/import/bucket_renderer.hpp>

#include <leads/csv/writer.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace leads::import::detail {

namespace {

// The key a merged event's note names ("by email"), by its SpillHeader::match.
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

} // namespace

void BucketRenderer::write_events(std::size_t count, bool stored, bool changed) {
  std::size_t last_merged = count;
  for (std::size_t k = stored ? 0 : 1; k < count; ++k) {
    last_merged = m_rows[k].merged ? k : last_merged;
  }
  for (std::size_t k = 0; k < count; ++k) {
    if (k == 0 && !stored) {
      // A new lead starts in its stage, or where its history does.
      const std::string_view to =
          m_planned && !m_lifecycle.created_to.empty() ? m_lifecycle.created_to : m_result[k_stage_column];
      write_event(m_rows[k].header, "created", to, "", m_result[k_created_at_column]);
    } else if (m_rows[k].merged) {
      write_event(m_rows[k].header, "merged", "", k == last_merged ? unkept_keys(count, stored) : "",
                  m_run.now_iso);
    }
  }
  if (m_planned) {
    write_stage_moves(); // (a stored lead's change of stage among them)
  }
  if (!stored || !changed) {
    return;
  }
  if (!m_planned && m_result[k_stage_column] != m_store_values[k_stage_column]) {
    write_change_event("stage", k_stage_column, m_result[k_stage_at_column], count);
  }
  if (m_result[k_owner_column] != m_store_values[k_owner_column]) {
    write_change_event("owner", k_owner_column, m_run.now_iso, count);
  }
  if (m_result[k_dnc_column] != m_store_values[k_dnc_column]) {
    write_change_event("do_not_contact", k_dnc_column, m_run.now_iso, count);
  }
}

void BucketRenderer::note_row(const SpillHeader& row) {
  m_note = m_run.input_names[row.input];
  m_note += ':';
  m_note += std::to_string(row.line);
}

void BucketRenderer::write_change_event(std::string_view kind, std::size_t column, std::string_view at,
                                        std::size_t count) {
  note_row(giver(column, count)->header);
  const std::string_view event[] = {
      at, std::string_view(m_id, 16), kind, m_store_values[column], m_result[column], "import", m_note};
  csv::append_row(*m_events, std::span<const std::string_view>(event));
}

const std::string& BucketRenderer::unkept_keys(std::size_t count, bool stored) {
  m_unkept.clear();
  append_unkept(k_email_column, "email", count, stored);
  append_unkept(field_index(Field::external_id), "external_id", count, stored);
  return m_unkept;
}

void BucketRenderer::append_unkept(std::size_t column, std::string_view name, std::size_t count,
                                   bool stored) {
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

void BucketRenderer::write_event(const SpillHeader& header, std::string_view kind, std::string_view to,
                                 std::string_view unkept, std::string_view at) {
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
    const std::size_t size = at.size() + 17 + kind_part.size() + to.size() + k_import.size() + name.size() +
                             1 + line_size + (created ? 0 : 4 + by.size()) + 1;
    std::string& out = *m_events;
    const std::size_t start = out.size();
    out.resize(start + size);
    char* p = out.data() + start;
    auto put = [&p](std::string_view piece) {
      std::memcpy(p, piece.data(), piece.size());
      p += piece.size();
    };
    put(at);
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
  const std::string_view row[] = {at, std::string_view(m_id, 16), kind, "", to, "import", m_note};
  csv::append_row(*m_events, std::span<const std::string_view>(row));
}

const BucketRenderer::SpilledRow* BucketRenderer::giver(std::size_t column, std::size_t count) const {
  for (std::size_t k = count; k-- > 0;) {
    if (m_rows[k].values[column] == m_result[column]) {
      return &m_rows[k];
    }
  }
  return &m_rows[count - 1];
}

} // namespace leads::import::detail
