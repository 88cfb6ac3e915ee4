#include <leads/import/store_stream.hpp>

#include <leads/error.hpp>
#include <leads/import/lead_id.hpp>
#include <leads/lead/fields.hpp>
#include <leads/normalize/email.hpp>
#include <leads/normalize/phone.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <sys/stat.h>

namespace leads::import {

namespace {

constexpr std::string_view k_check_hint =
    "run 'leads check' to list the store's problems, then fix leads.csv";

} // namespace

StoreStream::StoreStream(const std::filesystem::path& leads_file) {
  struct stat st {};
  if (::stat(leads_file.c_str(), &st) != 0 && errno == ENOENT) {
    m_header.assign(k_field_names.begin(), k_field_names.end());
    m_at_end = true;
    m_started = true;
    return;
  }
  csv::ReaderOptions options;
  options.display_name = leads_file.string();
  options.delimiter = ',';
  m_reader = csv::Reader::open(leads_file.string(), options);
  m_header = m_reader->header();
  bool canonical = m_header.size() >= k_field_count;
  for (std::size_t i = 0; canonical && i < k_field_count; ++i) {
    canonical = m_header[i] == k_field_names[i];
  }
  if (m_header.empty()) {
    m_header.assign(k_field_names.begin(), k_field_names.end());
  } else if (!canonical) {
    throw Error(ErrorKind::data, "the header does not start with the canonical lead columns",
                leads_file.string(), m_reader->header_line(), 1, std::string(k_check_hint));
  }
}

StoreStream::~StoreStream() = default;

bool StoreStream::next() {
  if (m_at_end) {
    return false;
  }
  if (!m_reader->next(m_record)) {
    m_at_end = true;
    return false;
  }
  const std::string_view text = m_record.fields[0];
  const auto id = parse_id(text);
  if (!id) {
    throw Error(ErrorKind::data, fmt::format("id '{}' is not 16 lower-case hex digits", text),
                m_reader->display_name(), m_record.line, 1, std::string(k_check_hint));
  }
  if (m_started && *id <= m_id) {
    throw Error(ErrorKind::data,
                fmt::format("id '{}' is {} the one before it: the store must be sorted by id", text,
                            *id == m_id ? "the same as" : "smaller than"),
                m_reader->display_name(), m_record.line, 1, std::string(k_check_hint));
  }
  m_started = true;
  m_id = *id;
  return true;
}

void add_store_keys(const csv::Record& record, std::uint32_t group, KeyBatch& keys, std::string& scratch) {
  const auto& f = record.fields;
  auto add = [&](KeyKind kind, std::string_view key) { keys.add(DedupeIndex::hash(kind, key), group); };
  const std::string_view email = f[field_index(Field::email)];
  const std::string_view external_id = f[field_index(Field::external_id)];
  const std::string_view phone = f[field_index(Field::phone)];
  bool any = false;
  if (!email.empty()) {
    // The store holds emails as import writes them; one that a hand edit left
    // in capitals or with spaces still finds its lead (check reports it).
    const bool canonical = std::none_of(email.begin(), email.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || c == ' ' || c == '\t' || static_cast<unsigned char>(c) >= 0x80;
    });
    const std::string normalized = canonical ? std::string() : normalize::email(email);
    add(KeyKind::email, canonical ? email : std::string_view(normalized));
    any = true;
  }
  if (!external_id.empty()) {
    add(KeyKind::external_id, external_id);
    any = true;
  }
  if (normalize::is_e164(phone)) {
    add(KeyKind::phone, phone);
    any = true;
  }
  const std::string_view first = f[field_index(Field::first_name)];
  const std::string_view last = f[field_index(Field::last_name)];
  const std::string_view company = f[field_index(Field::company)];
  if (!any && (!first.empty() || !last.empty()) && !company.empty()) {
    name_key(first, last, company, scratch);
    add(KeyKind::name, scratch);
  }
}

} // namespace leads::import
