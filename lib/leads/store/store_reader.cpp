#include <leads/store/store_reader.hpp>

#include <leads/error.hpp>
#include <leads/lead/id.hpp>
#include <leads/lead/fields.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <sys/stat.h>

namespace leads::store {

namespace {

constexpr std::string_view k_check_hint =
    "run 'leads check' to list the store's problems, then fix leads.csv";

} // namespace

StoreReader::StoreReader(const std::filesystem::path& leads_file) {
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

StoreReader::~StoreReader() = default;

bool StoreReader::next() {
  if (m_at_end) {
    return false;
  }
  if (!m_reader->next(m_record)) {
    m_at_end = true;
    return false;
  }
  const std::string_view text = m_record.fields[0];
  const auto id = lead::parse_id(text);
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

} // namespace leads::store
