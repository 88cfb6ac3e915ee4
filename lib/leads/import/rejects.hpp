#pragma once

#include <leads/import/options.hpp>
#include <leads/store/csv_sink.hpp>
#include <leads/store/output.hpp>
#include <leads/store/transaction.hpp>

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leads::import {

// Where the rejected rows of a run go. An input (lead or activity file) is
// started with begin_input(); then each rejected row of it is handed over
// with its line, reason and original fields.
class RejectSink {
public:
  virtual ~RejectSink() = default;
  virtual void begin_input(const std::string& path, const std::string& display_name,
                           const std::vector<std::string>& header) = 0;
  virtual void reject(long line, std::string_view reason, std::span<const std::string_view> fields) = 0;
  // Called once when the run is about to commit.
  virtual void finish() {}
};

// "exports/hs.csv" -> "hs", "-" -> "stdin".
std::string input_stem(const std::string& path);

// Workspace mode: one rejects/<stem>-<stamp>.csv per input that has rejects
// (columns line, reason, then the input's header), created in the
// transaction when the first reject of that input arrives. A name already
// taken gets "-2", "-3" ... before ".csv". Created paths are added to files.
class WorkspaceRejects final : public RejectSink {
public:
  WorkspaceRejects(store::Transaction& transaction, std::filesystem::path dir, std::string stamp,
                   std::vector<std::string>& files);
  ~WorkspaceRejects() override;
  void begin_input(const std::string& path, const std::string& display_name,
                   const std::vector<std::string>& header) override;
  void reject(long line, std::string_view reason, std::span<const std::string_view> fields) override;
  void finish() override;

private:
  store::Transaction& m_transaction;
  std::filesystem::path m_dir;
  std::string m_stamp;
  std::vector<std::string>& m_files;
  std::vector<std::string> m_used;
  std::string m_stem;
  std::vector<std::string> m_header;
  std::unique_ptr<store::CsvSink> m_sink;
  std::vector<std::unique_ptr<store::CsvSink>> m_done;
  std::vector<std::string_view> m_row;
};

// Filter mode with --rejects FILE: one file for all inputs, columns file,
// line, reason, then the union of the inputs' header fields (first-seen order;
// a name repeated in one header is repeated in the union), each row's values
// under its own header's names and surplus fields of ragged rows after them.
// The file appears (atomically) only when commit() is called; path "-" is
// standard output.
class FileRejects final : public RejectSink {
public:
  FileRejects(const std::string& path, const std::vector<std::vector<std::string>>& headers);
  void begin_input(const std::string& path, const std::string& display_name,
                   const std::vector<std::string>& header) override;
  void reject(long line, std::string_view reason, std::span<const std::string_view> fields) override;
  void finish() override;
  void commit();

private:
  store::Output m_file;
  store::CsvSink m_sink;
  std::vector<std::string> m_union;
  std::string m_display_name;
  std::vector<std::size_t> m_positions; // input column -> union column
  std::vector<std::string_view> m_row;
  std::string m_line;
};

// No file: rows go to a callback or a list (filter mode without --rejects,
// --strict, --dry-run).
class ListRejects final : public RejectSink {
public:
  ListRejects(std::function<void(const RejectedRow&)> callback, std::vector<RejectedRow>& rows)
      : m_callback(std::move(callback)), m_rows(rows) {}
  void begin_input(const std::string& path, const std::string& display_name,
                   const std::vector<std::string>& header) override;
  void reject(long line, std::string_view reason, std::span<const std::string_view> fields) override;

private:
  std::function<void(const RejectedRow&)> m_callback;
  std::vector<RejectedRow>& m_rows;
  std::string m_display_name;
};

} // namespace leads::import
