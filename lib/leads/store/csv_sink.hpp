#pragma once

#include <leads/store/file_sink.hpp>

#include <span>
#include <string>
#include <string_view>

namespace leads::store {

// CSV rows into a FileSink, gathered into large writes.
class CsvSink {
public:
  explicit CsvSink(FileSink& sink) : m_sink(&sink) {}
  CsvSink(const CsvSink&) = delete;
  CsvSink& operator=(const CsvSink&) = delete;

  void row(std::span<const std::string_view> fields);
  void row(std::span<const std::string> fields);
  // Rows already formatted as CSV.
  void text(std::string_view rows);
  // Hands what is gathered to the sink; call before committing.
  void flush();

private:
  void maybe_flush();

  FileSink* m_sink;
  std::string m_buffer;
};

} // namespace leads::store
