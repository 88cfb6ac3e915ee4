#include <leads/store/csv_sink.hpp>

#include <leads/csv/writer.hpp>

namespace leads::store {

namespace {

constexpr std::size_t k_flush_size = 256 * 1024;

} // namespace

void CsvSink::row(std::span<const std::string_view> fields) {
  csv::append_row(m_buffer, fields);
  maybe_flush();
}

void CsvSink::row(std::span<const std::string> fields) {
  csv::append_row(m_buffer, fields);
  maybe_flush();
}

void CsvSink::text(std::string_view rows) {
  flush();
  m_sink->write(rows);
}

void CsvSink::maybe_flush() {
  if (m_buffer.size() >= k_flush_size) {
    flush();
  }
}

void CsvSink::flush() {
  if (!m_buffer.empty()) {
    m_sink->write(m_buffer);
    m_buffer.clear();
  }
}

} // namespace leads::store
