#include <leads/import/row_normalizer.hpp>

#include <leads/import/lead_id.hpp>
#include <leads/normalize/country.hpp>
#include <leads/normalize/email.hpp>
#include <leads/normalize/text.hpp>
#include <leads/normalize/website.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace leads::import {

namespace {

bool is_ascii_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}
char lower_ascii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

constexpr std::uint64_t k_ones = 0x0101010101010101ULL;
constexpr std::uint64_t k_highs = 0x8080808080808080ULL;

// Whether any of the 8 bytes of word equals byte.
bool has_byte(std::uint64_t word, char byte) {
  const std::uint64_t x = word ^ (k_ones * static_cast<unsigned char>(byte));
  return ((x - k_ones) & ~x & k_highs) != 0;
}

// An email as normalize::email() gives it (trimmed, lower-cased, without a
// mailto: prefix or <> around it); plain ASCII addresses in one pass, eight
// bytes at a time.
void normalize_email(std::string_view trimmed, std::string& out) {
  const std::size_t size = trimmed.size();
  out.resize(size);
  bool plain = trimmed.back() != '>';
  std::size_t i = 0;
  for (; plain && i + 8 <= size; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, trimmed.data() + i, 8);
    plain = (word & k_highs) == 0 && !has_byte(word, ':');
    word ^= normalize::ascii_case_bits(word, 'A');
    std::memcpy(out.data() + i, &word, 8);
  }
  for (; plain && i < size; ++i) {
    const char c = trimmed[i];
    plain = static_cast<unsigned char>(c) < 0x80 && c != ':';
    out[i] = lower_ascii(c);
  }
  if (!plain) {
    out = normalize::email(trimmed);
  }
}

bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || is_digit(c);
}

// Character classes of the common email shape, for valid_email().
constexpr std::uint8_t k_local_char = 1;  // a-z 0-9 . _ + -
constexpr std::uint8_t k_domain_char = 2; // a-z 0-9 . -
constexpr std::uint8_t k_tld_char = 4;    // a-z
constexpr std::array<std::uint8_t, 256> k_email_chars = [] {
  std::array<std::uint8_t, 256> table{};
  for (int c = 0; c < 256; ++c) {
    const bool lower = c >= 'a' && c <= 'z';
    const bool alnum = lower || (c >= '0' && c <= '9');
    table[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(
        (alnum || c == '.' || c == '_' || c == '+' || c == '-' ? k_local_char : 0) |
        (alnum || c == '.' || c == '-' ? k_domain_char : 0) | (lower ? k_tld_char : 0));
  }
  return table;
}();

// Whether every byte of s is of the class.
bool all_of_class(std::string_view s, std::uint8_t cls) {
  unsigned ok = cls;
  for (const char c : s) {
    ok &= k_email_chars[static_cast<unsigned char>(c)];
  }
  return ok != 0;
}

// normalize::is_valid_email for the common shape, in few passes: a lower-case
// ASCII local part of letters, digits and . _ + - (no dot first, last or
// twice), and a domain of two or more labels of letters, digits and '-' (not
// at either end of a label) ending in a letters-only top-level label. Such an
// address is valid by normalize::is_valid_email's rules too; anything else is
// left to it.
bool valid_email(std::string_view e) {
  const std::size_t at = e.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || e.size() > 254) {
    return normalize::is_valid_email(e);
  }
  const std::string_view local = e.substr(0, at);
  const std::string_view domain = e.substr(at + 1);
  if (!all_of_class(local, k_local_char) || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos || !all_of_class(domain, k_domain_char) ||
      domain.size() > 253) {
    return normalize::is_valid_email(e);
  }
  std::size_t labels = 0;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = domain.find('.', start);
    const std::string_view label = domain.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return normalize::is_valid_email(e);
    }
    ++labels;
    if (dot == std::string_view::npos) {
      break;
    }
    start = dot + 1;
  }
  const std::string_view top = domain.substr(start);
  if (labels < 2 || top.size() < 2 || !all_of_class(top, k_tld_char)) {
    return normalize::is_valid_email(e);
  }
  return true;
}

// A lower-case host name such as "example.com" is already what
// normalize::website_domain() makes of it (unless it starts with "www.").
bool is_bare_domain(std::string_view value) {
  if (value.size() > 253 || value.starts_with("www.")) {
    return false;
  }
  std::size_t label = 0;
  std::size_t dots = 0;
  for (char c : value) {
    if (c == '.') {
      if (label == 0) {
        return false;
      }
      label = 0;
      ++dots;
    } else if (is_lower_alnum(c) || c == '-') {
      ++label;
    } else {
      return false;
    }
  }
  return dots > 0 && label > 0;
}

// ASCII text with single spaces is already a name as normalize::name() gives it.
bool is_plain_name(std::string_view trimmed) {
  for (std::size_t i = 0; i < trimmed.size(); ++i) {
    const char c = trimmed[i];
    if (static_cast<unsigned char>(c) >= 0x80 || (c == ' ' ? trimmed[i + 1] == ' ' : is_ascii_space(c))) {
      return false;
    }
  }
  return true;
}

// "1,200" -> "1200" into out (true); plain integers and anything else stay as written (false).
bool normalize_employees(std::string_view value, std::string& out) {
  const std::size_t comma = value.find(',');
  if (comma == std::string_view::npos || comma == 0 || comma > 3 || (value.size() - comma) % 4 != 0) {
    return false;
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    const bool separator_position = i >= comma && (i - comma) % 4 == 0;
    if (separator_position ? value[i] != ',' : !is_digit(value[i])) {
      return false;
    }
  }
  out.clear();
  for (char c : value) {
    if (c != ',') {
      out += c;
    }
  }
  return true;
}

bool digits(std::string_view s, std::size_t pos, std::size_t count, int& value) {
  value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!is_digit(s[i])) {
      return false;
    }
    value = value * 10 + (s[i] - '0');
  }
  return true;
}

bool valid_day(int year, int month, int day) {
  static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) {
    return false;
  }
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= k_days[month - 1] + (month == 2 && leap ? 1 : 0);
}

// "YYYY-MM-DD" at the start of s, a real calendar date.
bool iso_date(std::string_view s) {
  int year, month, day;
  return s.size() >= 10 && s[4] == '-' && s[7] == '-' && digits(s, 0, 4, year) && digits(s, 5, 2, month) &&
         digits(s, 8, 2, day) && valid_day(year, month, day);
}

// Fields whose values normalize_field() keeps as they are (trimmed).
bool kept_as_written(Field field) {
  switch (field) {
  case Field::email:
  case Field::first_name:
  case Field::last_name:
  case Field::company:
  case Field::country:
  case Field::website:
  case Field::employees:
  case Field::stage:
  case Field::do_not_contact:
  case Field::created_at:
  case Field::updated_at:
  case Field::stage_at:
    return false;
  default:
    return true;
  }
}

} // namespace

std::string_view trim_cell(std::string_view s) {
  // Most cells start and end with a printable ASCII byte: nothing to trim.
  if (!s.empty() && static_cast<unsigned char>(s.front() - 0x21) < 0x5e &&
      static_cast<unsigned char>(s.back() - 0x21) < 0x5e) {
    return s;
  }
  while (!s.empty() && is_ascii_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_ascii_space(s.back())) {
    s.remove_suffix(1);
  }
  if (!s.empty() &&
      (static_cast<unsigned char>(s.front()) >= 0x80 || static_cast<unsigned char>(s.back()) >= 0x80)) {
    return normalize::trim(s);
  }
  return s;
}

NullValues::NullValues(const config::Config& config) {
  for (const std::string& value : config.null_values) {
    std::string_view t = value;
    while (!t.empty() && is_ascii_space(t.front())) {
      t.remove_prefix(1);
    }
    while (!t.empty() && is_ascii_space(t.back())) {
      t.remove_suffix(1);
    }
    m_values.push_back(normalize::ascii_lower(t));
    m_max = std::max(m_max, t.size());
    m_first[t.empty() ? 0 : static_cast<unsigned char>(lower_ascii(t[0]))] = true;
  }
}

bool NullValues::contains(std::string_view cell) const {
  if (cell.empty()) {
    return m_first[0];
  }
  if (cell.size() > m_max || !m_first[static_cast<unsigned char>(lower_ascii(cell[0]))]) {
    return false;
  }
  for (const std::string& null : m_values) {
    if (null.size() != cell.size()) {
      continue;
    }
    std::size_t i = 0;
    while (i < cell.size() && lower_ascii(cell[i]) == null[i]) {
      ++i;
    }
    if (i == cell.size()) {
      return true;
    }
  }
  return false;
}

// Results of a costly normalization for values that repeat (countries,
// company websites): a direct-mapped cache, one entry per slot.
struct RowNormalizer::Memo {
  struct Slot {
    std::string key;
    std::string value;
    bool used = false;
  };
  // slot_count: a power of two, a few times the number of values expected to repeat.
  explicit Memo(std::size_t slot_count) : slots(slot_count) {}
  std::vector<Slot> slots;

  template <typename Compute> const std::string& get(std::string_view raw, Compute compute) {
    Slot& slot = slots[std::hash<std::string_view>{}(raw) & (slots.size() - 1)];
    if (!slot.used || slot.key != raw) {
      slot.key.assign(raw);
      slot.value = compute(raw);
      slot.used = true;
    }
    return slot.value;
  }
};

bool normalize_timestamp(std::string_view raw, normalize::DateOrder order, std::string& out) {
  if (raw.size() == 20 && iso_date(raw) && raw[10] == 'T' && raw[13] == ':' && raw[16] == ':' &&
      raw[19] == 'Z') {
    int hour, minute, second;
    if (digits(raw, 11, 2, hour) && digits(raw, 14, 2, minute) && digits(raw, 17, 2, second) && hour < 24 &&
        minute < 60 && second < 60) {
      out.assign(raw);
      return true;
    }
  }
  if (raw.size() == 10 && iso_date(raw)) {
    out.assign(raw);
    out += "T00:00:00Z";
    return true;
  }
  // "YYYY-MM-DD HH:MM" and "YYYY-MM-DD HH:MM:SS", as CRM exports write them (UTC).
  if ((raw.size() == 16 || (raw.size() == 19 && raw[16] == ':')) && iso_date(raw) && raw[10] == ' ' &&
      raw[13] == ':' && raw.substr(0, 4) != "0000") {
    int hour, minute, second = 0;
    if (digits(raw, 11, 2, hour) && digits(raw, 14, 2, minute) &&
        (raw.size() == 16 || digits(raw, 17, 2, second)) && hour < 24 && minute < 60 && second < 60) {
      // "YYYY-MM-DDTHH:MM:SSZ", built in place: one string operation, not five.
      char iso[20];
      std::memcpy(iso, raw.data(), 16);
      iso[10] = 'T';
      std::memcpy(iso + 16, raw.size() == 16 ? ":00" : raw.data() + 16, 3);
      iso[19] = 'Z';
      out.assign(iso, sizeof iso);
      return true;
    }
  }
  auto iso = normalize::timestamp(raw, order);
  if (!iso) {
    return false;
  }
  out = std::move(*iso);
  return true;
}

RowNormalizer::RowNormalizer(const config::Config& config, const Preset* preset,
                             normalize::DateOrder date_order, std::string default_source)
    : m_config(config), m_date_order(date_order), m_default_source(std::move(default_source)),
      m_phones(config.default_country), m_null_values(config), m_countries(std::make_unique<Memo>(1024)),
      m_websites(std::make_unique<Memo>(4096)) {
  auto key = [](std::string_view from) { return normalize::ascii_lower(trim_cell(from)); };
  if (preset != nullptr) {
    for (const PresetValue& v : preset->values) {
      if (auto field = field_from_name(v.field)) {
        m_values[field_index(*field)].insert_or_assign(key(v.from), std::string(v.to));
      }
    }
  }
  // The configuration's values override the preset's.
  for (const auto& [name, values] : config.import.values) {
    if (auto field = field_from_name(name)) {
      for (const auto& [from, to] : values) {
        m_values[field_index(*field)].insert_or_assign(key(from), to);
      }
    }
  }
}

RowNormalizer::~RowNormalizer() = default;

void RowNormalizer::begin_input(std::span<const std::string> header, const HeaderMapping& mapping) {
  m_header.assign(header.begin(), header.end());
  m_columns.clear();
  for (const ColumnTarget& target : mapping.columns) {
    const bool field = target.kind == ColumnTarget::Kind::field;
    const bool mapped = field && !m_values[field_index(target.field)].empty();
    m_columns.push_back(Column{target.kind, target.field, target.presence, mapped,
                               field && !target.presence && !mapped && kept_as_written(target.field)});
  }
}

const std::string* RowNormalizer::mapped_value(Field field, std::string_view value) {
  const auto& values = m_values[field_index(field)];
  std::string_view key = value;
  if (std::any_of(value.begin(), value.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    m_scratch.assign(value);
    for (char& c : m_scratch) {
      c = lower_ascii(c);
    }
    key = m_scratch;
  }
  const auto it = values.find(key);
  return it == values.end() ? nullptr : &it->second;
}

std::string RowNormalizer::column_label(std::size_t column) const {
  return fmt::format("column '{}'", column < m_header.size() ? m_header[column] : std::string());
}

bool RowNormalizer::normalize_field(Field field, std::string_view value, std::size_t column,
                                    NormalizedRow& row, Rejection& rejection) {
  // The fields with a case here are those kept_as_written() names.
  switch (field) {
  case Field::email: {
    std::string& out = row.store(field);
    normalize_email(value, out);
    row.stored(field);
    if (!out.empty() && !valid_email(out)) {
      rejection = {"invalid email", fmt::format("invalid email '{}'", value)};
      return false;
    }
    return true;
  }
  case Field::first_name:
  case Field::last_name:
  case Field::company:
    if (is_plain_name(value)) {
      row.fields[field_index(field)] = value;
    } else {
      row.store(field) = normalize::name(value);
      row.stored(field);
    }
    return true;
  case Field::country: {
    const std::string& iso = m_countries->get(
        value, [](std::string_view raw) { return normalize::country(raw).value_or(std::string()); });
    if (iso.empty()) {
      row.fields[field_index(field)] = value;
    } else {
      row.store(field) = iso;
      row.stored(field);
    }
    return true;
  }
  case Field::website: {
    if (is_bare_domain(value)) {
      row.fields[field_index(field)] = value;
      return true;
    }
    const std::string& domain = m_websites->get(value, normalize::website_domain);
    if (domain.empty()) {
      row.fields[field_index(field)] = value;
    } else {
      row.store(field) = domain;
      row.stored(field);
    }
    return true;
  }
  case Field::employees:
    if (normalize_employees(value, row.store(field))) {
      row.stored(field);
    } else {
      row.fields[field_index(field)] = value;
    }
    return true;
  case Field::stage: {
    if (m_config.find_stage(value) != nullptr) {
      row.fields[field_index(field)] = value;
      return true;
    }
    std::string& lower = row.store(field);
    lower = normalize::ascii_lower(value);
    row.stored(field);
    if (m_config.find_stage(lower) != nullptr) {
      return true;
    }
    rejection = {"unknown stage",
                 fmt::format("unknown stage '{}'; add it to import.values.stage in leads.yaml", value)};
    return false;
  }
  case Field::do_not_contact: {
    const std::string flag = normalize::boolean(value);
    if (flag != "true" && flag != "false") {
      rejection = {"unreadable do_not_contact",
                   fmt::format("unreadable yes/no '{}' in do_not_contact ({})", value, column_label(column))};
      return false;
    }
    row.fields[field_index(field)] = flag == "true" ? "true" : "false";
    return true;
  }
  case Field::created_at:
  case Field::updated_at:
  case Field::stage_at: {
    std::string& out = row.store(field);
    if (!normalize_timestamp(value, m_date_order, out)) {
      rejection = {"unreadable date", fmt::format("unreadable date '{}' in {} ({})", value, field_name(field),
                                                  column_label(column))};
      return false;
    }
    row.stored(field);
    return true;
  }
  default:
    row.fields[field_index(field)] = value;
    return true;
  }
}

bool RowNormalizer::normalize(std::span<const std::string_view> cells, NormalizedRow& row,
                              Rejection& rejection) {
  row.fields.fill(std::string_view());
  row.extras.clear();
  row.lead_id.reset();
  row.phone_e164 = false;
  row.identity.clear();
  row.name_key.clear();
  m_full_name.clear();

  if (cells.size() != m_header.size()) {
    rejection = {"ragged row",
                 fmt::format("ragged row: expected {} fields, found {}", m_header.size(), cells.size())};
    return false;
  }
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const Column& column = m_columns[i];
    if (column.kind == ColumnTarget::Kind::drop) {
      continue;
    }
    const std::string_view cell = trim_cell(cells[i]);
    if (cell.empty() || m_null_values.contains(cell)) {
      continue;
    }
    switch (column.kind) {
    case ColumnTarget::Kind::extra:
      row.extras.emplace_back(static_cast<std::uint32_t>(i), cells[i]);
      break;
    case ColumnTarget::Kind::full_name:
      if (is_plain_name(cell)) {
        m_full_name.assign(cell);
      } else {
        m_full_name = normalize::name(cell);
      }
      break;
    case ColumnTarget::Kind::field: {
      if (column.as_written) {
        row.fields[field_index(column.field)] = cell;
        break;
      }
      std::string_view value = cell;
      if (column.presence) {
        value = "true";
      } else if (column.mapped) {
        if (const std::string* mapped = mapped_value(column.field, cell)) {
          value = *mapped;
        }
      }
      if (!normalize_field(column.field, value, i, row, rejection)) {
        return false;
      }
      break;
    }
    case ColumnTarget::Kind::drop:
      break;
    }
  }
  return finish(row, rejection);
}

bool RowNormalizer::finish(NormalizedRow& row, Rejection& rejection) {
  if (!m_full_name.empty() && row[Field::first_name].empty() && row[Field::last_name].empty()) {
    const std::size_t space = m_full_name.rfind(' ');
    if (space == std::string::npos) {
      row.store(Field::first_name) = m_full_name;
    } else {
      row.store(Field::first_name).assign(m_full_name, 0, space);
      row.store(Field::last_name).assign(m_full_name, space + 1);
      row.stored(Field::last_name);
    }
    row.stored(Field::first_name);
  }

  // An `id` column names one of our leads; any other value there is the source's own id.
  const std::string_view id = row[Field::id];
  if (!id.empty()) {
    row.lead_id = parse_id(id);
    if (!row.lead_id && row[Field::external_id].empty()) {
      row.fields[field_index(Field::external_id)] = id;
    }
    row.fields[field_index(Field::id)] = std::string_view();
  }

  const std::string_view phone = row[Field::phone];
  if (!phone.empty()) {
    const std::string_view country = row[Field::country];
    const bool iso = country.size() == 2 && country[0] >= 'A' && country[0] <= 'Z' && country[1] >= 'A' &&
                     country[1] <= 'Z';
    if (auto e164 = m_phones.e164(phone, iso ? country : std::string_view())) {
      row.store(Field::phone) = std::move(*e164);
      row.stored(Field::phone);
      row.phone_e164 = true;
    }
  }
  if (row[Field::source].empty()) {
    row.fields[field_index(Field::source)] = m_default_source;
  }

  const std::string_view first = row[Field::first_name];
  const std::string_view last = row[Field::last_name];
  const std::string_view company = row[Field::company];
  auto identity = [&](std::string_view prefix, std::string_view key) {
    row.identity.assign(prefix);
    row.identity.append(key);
  };
  if (!row[Field::email].empty()) {
    identity("e:", row[Field::email]);
  } else if (!row[Field::external_id].empty()) {
    identity("x:", row[Field::external_id]);
  } else if (row.phone_e164) {
    identity("p:", row[Field::phone]);
  } else if ((!first.empty() || !last.empty()) && !company.empty()) {
    name_key(first, last, company, row.name_key);
    identity("n:", row.name_key);
  } else if (!row.lead_id) {
    rejection = {k_no_identity_kind, std::string(k_no_identity_reason)};
    return false;
  }
  return true;
}

} // namespace leads::import
