#pragma once

#include <leads/store/posix_file.hpp>
#include <leads/store/transaction.hpp>

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace leads::import {

// CSV rows into a store::FileSink, gathered into large writes.
class CsvSink {
public:
  explicit CsvSink(store::FileSink& sink) : m_sink(&sink) {}
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

  store::FileSink* m_sink;
  std::string m_buffer;
};

// A FileSink on a descriptor the caller owns (filter mode's output: a pipe,
// or a file the caller fsyncs and renames, whose writeback starts early).
class DescriptorSink final : public store::FileSink {
public:
  DescriptorSink(int fd, std::string display_name) : m_fd(fd), m_name(std::move(display_name)) {}
  void write(std::string_view bytes) override;

private:
  int m_fd;
  std::string m_name;
  store::posix::EarlyWriteback m_writeback;
};

// A file written beside its target and renamed over it by commit(); removed
// when destroyed uncommitted (filter mode's --rejects file).
class AtomicFile final : public store::FileSink {
public:
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile() override;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view bytes) override;
  void commit();

private:
  std::filesystem::path m_target;
  std::filesystem::path m_temp;
  int m_fd = -1;
  store::posix::EarlyWriteback m_writeback;
};

} // namespace leads::import
