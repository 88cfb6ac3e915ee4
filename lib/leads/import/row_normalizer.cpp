#include <leads/import/row_normalizer.hpp>

#include <leads/lead/id.hpp>
#include <leads/normalize/country.hpp>
#include <leads/normalize/date.hpp>
#include <leads/normalize/email.hpp>
#include <leads/normalize/text.hpp>
#include <leads/normalize/website.hpp>

#include <fmt/format.h>
#include <utf8proc.h>

#include <algorithm>
#include <cstdint>

namespace leads::import {

namespace {

// What an address holds that no address can, for the reason of its
// rejection: such characters are easy to paste and hard to see.
std::string unfit_character_note(std::string_view email) {
  const std::optional<char32_t> c = normalize::unfit_email_character(email);
  if (!c) {
    return {};
  }
  if (normalize::is_invisible(*c)) {
    return fmt::format(" (it holds an invisible character, U+{:04X}: type the address again)",
                       static_cast<std::uint32_t>(*c));
  }
  utf8proc_uint8_t bytes[4];
  const auto size = utf8proc_encode_char(static_cast<utf8proc_int32_t>(*c), bytes);
  return fmt::format(" (it holds '{}', U+{:04X}, which no address can hold: type the address again)",
                     std::string_view(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size)),
                     static_cast<std::uint32_t>(*c));
}

// Whether a value is a long number as a spreadsheet writes it once it has
// rounded it to scientific notation ("4.42079E+11", "5,1E+15").
bool spreadsheet_rounded(std::string_view value) {
  // The exponent ends the value: look there first (every row's id and phone come here).
  const std::size_t size = value.size();
  std::size_t plus = 0;
  for (std::size_t digits = 1; digits <= 3 && plus == 0; ++digits) {
    if (size >= digits + 3 && value[size - digits - 1] == '+') {
      plus = size - digits - 1;
    }
  }
  if (plus == 0 || (value[plus - 1] != 'E' && value[plus - 1] != 'e')) {
    return false;
  }
  // One digit before the point, as spreadsheets write it.
  using text::all_digits;
  const std::string_view mantissa = value.substr(0, plus - 1);
  return all_digits(value.substr(plus + 1)) && all_digits(mantissa.substr(0, 1)) &&
         (mantissa.size() == 1 ||
          ((mantissa[1] == '.' || mantissa[1] == ',') && all_digits(mantissa.substr(2))));
}

// One spelling of a source id that programs write in two, into out; false
// when id is that spelling already: "101.0" is 101 as a program that took the
// column for numbers writes it (pandas, for a column with gaps), and a UUID
// in capitals is the UUID (as the X Education export's Prospect IDs are).
bool canonical_source_id(std::string_view id, std::string& out) {
  const std::size_t point = id.find('.');
  if (point != std::string_view::npos && point > 0 && point + 1 < id.size() &&
      text::all_digits(id.substr(0, point)) &&
      id.find_first_not_of('0', point + 1) == std::string_view::npos) {
    out.assign(id.substr(0, point));
    return true;
  }
  constexpr std::string_view k_uuid_shape = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
  if (id.size() != k_uuid_shape.size() ||
      std::none_of(id.begin(), id.end(), [](char c) { return c >= 'A' && c <= 'F'; })) {
    return false;
  }
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (k_uuid_shape[i] == '-' ? c != '-' : !hex) {
      return false;
    }
  }
  out = text::ascii_lower(id);
  return true;
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
  case Field::score:
  case Field::fit:
  case Field::engagement:
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

NullValues::NullValues(const config::Config& config) {
  for (const std::string& value : config.null_values) {
    const std::string_view t = trim_cell(value);
    m_values.push_back(text::ascii_lower(t));
    m_max = std::max(m_max, t.size());
    m_first[t.empty() ? 0 : static_cast<unsigned char>(text::ascii_lower_char(t[0]))] = true;
  }
}

bool NullValues::contains(std::string_view cell) const {
  if (cell.empty()) {
    return m_first[0];
  }
  if (cell.size() > m_max || !m_first[static_cast<unsigned char>(text::ascii_lower_char(cell[0]))]) {
    return false;
  }
  for (const std::string& null : m_values) {
    if (null.size() != cell.size()) {
      continue;
    }
    std::size_t i = 0;
    while (i < cell.size() && text::ascii_lower_char(cell[i]) == null[i]) {
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

RowNormalizer::RowNormalizer(const config::Config& config, const Preset* preset,
                             normalize::DateOrder date_order, std::string default_source,
                             std::span<const std::pair<std::string, std::string>> sets)
    : m_config(config), m_date_order(date_order), m_default_source(std::move(default_source)),
      m_phones(config.default_country), m_null_values(config), m_countries(std::make_unique<Memo>(1024)),
      m_websites(std::make_unique<Memo>(4096)) {
  auto key = [](std::string_view from) { return text::ascii_lower(trim_cell(from)); };
  if (preset != nullptr) {
    m_preset_used = true;
    m_salesforce_ids = preset->salesforce_ids;
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
  for (const auto& [name, value] : sets) {
    if (auto field = field_from_name(name)) {
      m_sets.push_back({set_column(*field), std::string(trim_cell(value))});
    }
  }
}

RowNormalizer::Column RowNormalizer::set_column(Field field) const {
  const bool mapped = !m_values[field_index(field)].empty();
  return Column{ColumnTarget::Kind::field,         field, false, mapped,
                !mapped && kept_as_written(field), false, false, 0};
}

RowNormalizer::~RowNormalizer() = default;

void RowNormalizer::begin_input(std::span<const std::string> header, const HeaderMapping& mapping) {
  m_header.assign(header.begin(), header.end());
  m_columns.clear();
  for (const ColumnTarget& target : mapping.columns) {
    const bool field = target.kind == ColumnTarget::Kind::field || target.fallback;
    const bool mapped = field && !m_values[field_index(target.field)].empty();
    m_columns.push_back(Column{target.kind, target.field, target.presence, mapped,
                               field && !target.presence && !mapped && kept_as_written(target.field),
                               target.fallback, target.full_name_fallback, target.stage});
  }
}

const std::string* RowNormalizer::mapped_value(Field field, std::string_view value) {
  const auto& values = m_values[field_index(field)];
  std::string_view key = value;
  if (std::any_of(value.begin(), value.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    m_scratch.assign(value);
    for (char& c : m_scratch) {
      c = text::ascii_lower_char(c);
    }
    key = m_scratch;
  }
  const auto it = values.find(key);
  return it == values.end() ? nullptr : &it->second;
}

std::string RowNormalizer::column_label(std::size_t column) const {
  if (column == k_set_column) {
    return "--set";
  }
  return fmt::format("column '{}'", column < m_header.size() ? m_header[column] : std::string());
}

bool RowNormalizer::normalize_field(Field field, std::string_view value, std::size_t column,
                                    NormalizedRow& row, Rejection& rejection) {
  // The fields with a case here are those kept_as_written() names.
  switch (field) {
  case Field::email:
    // The common case, here: one plain address (one that ends in '>' may be
    // several, and an invalid one is looked at again).
    if (value.empty() || value.back() != '>') {
      std::string& out = row.store(field);
      cell::email(value, out);
      row.stored(field);
      if (out.empty() || cell::valid_email(out)) {
        return true;
      }
    }
    if (!normalize_email(value, row, rejection)) {
      return false;
    }
    if (!row.other_emails.empty()) {
      warn(row, "several emails",
           fmt::format("several emails in one cell '{}' ({}): the first is the email, the others went to the "
                       "{} column",
                       value, column_label(column), k_other_emails_column));
    }
    return true;
  case Field::first_name:
  case Field::last_name:
  case Field::company:
    if (cell::is_plain_name(value)) {
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
    if (cell::is_bare_domain(value)) {
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
    if (cell::employees(value, row.store(field))) {
      row.stored(field);
    } else {
      row.fields[field_index(field)] = value;
    }
    return true;
  case Field::stage: {
    auto index_of = [&](const config::Stage* stage) {
      const auto index = stage - m_config.stages.data();
      row.stage_index = index < 0xFF ? static_cast<std::uint8_t>(index) : std::uint8_t{0xFF};
    };
    if (const config::Stage* stage = m_config.find_stage(value)) {
      row.fields[field_index(field)] = value;
      index_of(stage);
      return true;
    }
    std::string& lower = row.store(field);
    lower = text::ascii_lower(value);
    row.stored(field);
    if (const config::Stage* stage = m_config.find_stage(lower)) {
      index_of(stage);
      return true;
    }
    // "marketingqualifiedlead" in a HubSpot export imported without --preset.
    const Preset* preset = m_preset_used ? nullptr : preset_knowing("stage", value);
    row.fields[field_index(field)] = std::string_view();
    warn(row, "unknown stage",
         fmt::format("unknown stage '{}' ({}), left out; add it to import.values.stage in leads.yaml{}",
                     value, column_label(column),
                     preset != nullptr ? fmt::format(", or import with --preset {}", preset->name)
                                       : std::string()));
    return true;
  }
  case Field::score:
  case Field::fit:
  case Field::engagement:
    // Kept as written, but only when `leads check` will take it as a number.
    if (!is_number(value)) {
      warn(row, "unreadable number",
           fmt::format("unreadable number '{}' in {} ({}), left out; {} takes numbers such as 12 or -3.5",
                       value, field_name(field), column_label(column), field_name(field)));
      return true;
    }
    row.fields[field_index(field)] = value;
    return true;
  case Field::do_not_contact: {
    const std::string flag = normalize::boolean(value);
    if (flag != "true" && flag != "false") {
      warn(row, "unreadable do_not_contact",
           fmt::format(
               "unreadable yes/no '{}' in do_not_contact ({}), left out; map it to true or false under "
               "import.values.do_not_contact in leads.yaml",
               value, column_label(column)));
      return true;
    }
    row.fields[field_index(field)] = flag == "true" ? "true" : "false";
    return true;
  }
  case Field::created_at:
  case Field::updated_at:
  case Field::stage_at: {
    std::string& out = row.store(field);
    if (!normalize_timestamp(value, m_date_order, out)) {
      warn(row, "unreadable date",
           fmt::format("unreadable date '{}' in {} ({}), left out{}", value, field_name(field),
                       column_label(column), normalize::unreadable_date_note(value, m_date_order)));
      return true;
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
  row.stage_index = 0xFF;
  row.identity.clear();
  row.name_key.clear();
  row.other_emails.clear();
  row.cell_warnings.clear();
  row.stage_dates.clear();
  m_full_name.clear();

  // Empty fields after the last column (a trailing delimiter, as some
  // spreadsheets and hand edits leave) lose nothing: the row is read without them.
  if (cells.size() > m_header.size() &&
      std::all_of(cells.begin() + static_cast<std::ptrdiff_t>(m_header.size()), cells.end(),
                  [](std::string_view cell) { return trim_cell(cell).empty(); })) {
    cells = cells.first(m_header.size());
  }
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
      row.extras.emplace_back(static_cast<std::uint32_t>(i), cell); // trimmed, as every cell
      // (The field's own column comes first: its cell was empty when the field is.)
      if (column.fallback && row[column.field].empty() && !take_field(column, cell, i, row, rejection)) {
        return false;
      }
      if (column.full_name) {
        take_full_name(cell); // finish() uses it only if the row has no first or last name
      }
      break;
    case ColumnTarget::Kind::full_name:
      take_full_name(cell);
      break;
    case ColumnTarget::Kind::field:
      if (!take_field(column, cell, i, row, rejection)) {
        return false;
      }
      break;
    case ColumnTarget::Kind::stage_date:
      take_stage_date(column, cell, i, row);
      break;
    case ColumnTarget::Kind::drop:
      break;
    }
  }
  for (const Set& set : m_sets) {
    if (row[set.column.field].empty() && !take_field(set.column, set.value, k_set_column, row, rejection)) {
      return false;
    }
  }
  return finish(row, rejection);
}

bool RowNormalizer::normalize_email(std::string_view value, NormalizedRow& row, Rejection& rejection) {
  // Several addresses first when the cell ends in '>': "a@x.example, Bob
  // <b@y.example>" is no display name and an address. (A valid address that
  // does not is one: it holds one '@'.)
  const bool bracketed = !value.empty() && value.back() == '>';
  if (bracketed && may_hold_several_emails(value) && split_emails(value, row)) {
    return true;
  }
  std::string& out = row.store(Field::email);
  cell::email(value, out);
  row.stored(Field::email);
  if (out.empty() || cell::valid_email(out)) {
    // "Ann Lee <ann@x.com>": the name, for a row that names the person nowhere else.
    if (!value.empty() && value.back() == '>' && m_full_name.empty()) {
      m_full_name = normalize::name(normalize::email_display_name(value));
    }
    return true;
  }
  if (!bracketed && split_emails(value, row)) {
    return true;
  }
  // "ann@acme.example; ann.lee@gmail" with a part that is no address: not split.
  const bool several =
      may_hold_several_emails(value) && value.find_first_of(",; /") != std::string_view::npos;
  rejection = {"invalid email",
               fmt::format("invalid email '{}'{}", value,
                           several ? " (several addresses in one cell, not all of them valid: "
                                     "keep one there, and put the others in a column of "
                                     "their own)"
                                   : unfit_character_note(out))};
  return false;
}

// "tom@acme.example, tom@gmail.com" (as Pipedrive writes a person's
// addresses), "a@x.example; b@y.example", one address a line: when every
// part is a valid address, the first is the email and the others (less
// repeats) go to row.other_emails. False, row untouched, otherwise.
bool RowNormalizer::split_emails(std::string_view value, NormalizedRow& row) {
  if (!may_hold_several_emails(value)) {
    return false;
  }
  // Commas and semicolons part addresses (display names may hold spaces);
  // without them, white space and slashes do.
  const bool listed = value.find_first_of(",;\n\r") != std::string_view::npos;
  const std::string_view separators = listed ? ",;\n\r" : " \t/";
  std::string first;
  std::string others;
  std::size_t parts = 0;
  for (std::size_t at = 0; at <= value.size();) {
    const std::size_t end = std::min(value.find_first_of(separators, at), value.size());
    const std::string_view part = trim_cell(value.substr(at, end - at));
    at = end + 1;
    if (part.empty()) {
      continue;
    }
    cell::email(part, m_scratch);
    if (!cell::valid_email(m_scratch)) {
      return false;
    }
    ++parts;
    if (parts == 1) {
      first = m_scratch;
    } else if (m_scratch != first && (";" + others + ";").find(";" + m_scratch + ";") == std::string::npos) {
      others += others.empty() ? "" : ";";
      others += m_scratch;
    }
  }
  if (parts < 2) {
    return false;
  }
  row.store(Field::email) = std::move(first);
  row.stored(Field::email);
  row.other_emails = std::move(others);
  return true;
}

void RowNormalizer::warn(NormalizedRow& row, std::string_view kind, std::string reason) {
  row.cell_warnings.push_back({kind, std::move(reason)});
}

void RowNormalizer::take_full_name(std::string_view cell) {
  if (cell::is_plain_name(cell)) {
    m_full_name.assign(cell);
  } else {
    m_full_name = normalize::name(cell);
  }
}

bool RowNormalizer::take_field(const Column& column, std::string_view cell, std::size_t i, NormalizedRow& row,
                               Rejection& rejection) {
  if (column.as_written) {
    row.fields[field_index(column.field)] = cell;
    return true;
  }
  std::string_view value = cell;
  if (column.presence) {
    value = "true";
  } else if (column.mapped) {
    if (const std::string* mapped = mapped_value(column.field, cell)) {
      value = *mapped;
    }
  }
  return normalize_field(column.field, value, i, row, rejection);
}

bool RowNormalizer::finish(NormalizedRow& row, Rejection& rejection) {
  if (!m_full_name.empty() && row[Field::first_name].empty() && row[Field::last_name].empty()) {
    normalize::split_full_name(m_full_name, row.store(Field::first_name), row.store(Field::last_name));
    row.stored(Field::first_name);
    row.stored(Field::last_name);
  }

  // An `id` column names one of our leads; any other value there is the source's own id.
  const std::string_view id = row[Field::id];
  if (!id.empty()) {
    row.lead_id = lead::parse_id(id);
    if (!row.lead_id && row[Field::external_id].empty()) {
      row.fields[field_index(Field::external_id)] = id;
    }
    row.fields[field_index(Field::id)] = std::string_view();
  }
  for (const Field field : {Field::external_id, Field::phone}) {
    if (!spreadsheet_rounded(row[field])) {
      continue;
    }
    // A rounded phone is left out of a row that another value identifies
    // (it would make two people one); a source id always identifies.
    const bool named =
        (!row[Field::first_name].empty() || !row[Field::last_name].empty()) && !row[Field::company].empty();
    if (field == Field::phone &&
        (!row[Field::email].empty() || !row[Field::external_id].empty() || row.lead_id || named)) {
      warn(row, "rounded phone",
           fmt::format(
               "phone '{}' was rounded by a spreadsheet (scientific notation) and its digits are lost, "
               "left out; export the column as text and import again",
               row[field]));
      row.fields[field_index(field)] = std::string_view();
      continue;
    }
    rejection = {"rounded number",
                 fmt::format("{} '{}' was rounded by a spreadsheet (scientific notation) and its digits are "
                             "lost; export the column as text and import again",
                             field == Field::phone ? "phone" : "source id", row[field])};
    return false;
  }
  if ((m_salesforce_ids && salesforce_long_id(row[Field::external_id], m_scratch)) ||
      canonical_source_id(row[Field::external_id], m_scratch)) {
    row.store(Field::external_id) = m_scratch;
    row.stored(Field::external_id);
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
    lead::name_key(first, last, company, row.name_key);
    identity("n:", row.name_key);
  } else if (!row.lead_id) {
    rejection = {k_no_identity_kind, std::string(k_no_identity_reason)};
    return false;
  }
  return true;
}

} // namespace leads::import
