#pragma once

#include <leads/store/csv_sink.hpp>
#include <leads/store/history.hpp>
#include <leads/store/store_reader.hpp>
#include <leads/store/transaction.hpp>
#include <leads/store/workspace.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leads::store {

// A change to a workspace's leads that lands whole or not at all: the stored
// rows are read in id order and written back, changed where the command
// changes them, to a new leads.csv, and events go to events.csv, in one
// Transaction. A run that changes no row and records no event leaves both
// files untouched (a daily job that finds nothing to do changes nothing).
// Rolled back unless committed; the caller holds the write lock. In a dry
// run nothing is written, and the same counts come out.
//
//   StoreUpdate update(workspace, dry_run);
//   while (update.next()) { ... update.write(row, changed); ... update.event(e); }
//   update.commit();
class StoreUpdate {
public:
  // new_columns: columns the new store has after the stored ones, when it
  // does not have them yet (score's `probability`); rows written then hold them.
  StoreUpdate(const Workspace& workspace, bool dry_run, std::span<const std::string> new_columns = {});
  ~StoreUpdate();
  StoreUpdate(const StoreUpdate&) = delete;
  StoreUpdate& operator=(const StoreUpdate&) = delete;

  // The columns of the new store: the stored ones (canonical, then extra
  // columns), then the new columns it lacked. A row read has the stored ones.
  const std::vector<std::string>& header() const { return m_header; }
  // The columns of the store as read (a row read has these).
  const std::vector<std::string>& stored_header() const { return m_reader.header(); }
  // A column's position; nullopt when the store has no such column.
  std::optional<std::size_t> column(std::string_view name) const;

  // Moves to the next stored row; false at the end.
  bool next();
  // The current row: views valid until next().
  std::span<const std::string_view> row() const { return m_reader.record().fields; }
  std::uint64_t id() const { return m_reader.id(); }
  // Input bytes read so far, and in all (for progress).
  std::uint64_t bytes_read() const { return m_reader.bytes_read(); }
  std::uint64_t bytes_total() const { return m_bytes_total; }

  // Writes a row of the new store: the current row as it is, or changed.
  void write(std::span<const std::string_view> row, bool changed);
  void keep() { write(row(), false); }
  // Writes rows already rendered as CSV, of which `changed` differ from the store's.
  void write_text(std::string_view rows, long changed);
  void event(const Event& event);
  // Another file written in the same transaction (a rep's sheet): replaced
  // with what is written to the sink, when the update commits. Nothing in a
  // dry run (the sink drops what it is given).
  FileSink& replace_file(const std::filesystem::path& path);

  long changed_rows() const { return m_changed; }
  long events() const { return m_events; }
  // Makes it all visible at once (unless nothing changed, or a dry run);
  // stops first if Ctrl-C asked (leads/stop.hpp).
  void commit();

private:
  const Workspace& m_workspace;
  bool m_dry_run;
  StoreReader m_reader;
  std::vector<std::string> m_header;
  std::uint64_t m_bytes_total = 0;
  std::unique_ptr<Transaction> m_transaction;
  std::unique_ptr<CsvSink> m_leads;
  std::unique_ptr<EventLog> m_log;
  std::unique_ptr<FileSink> m_discard; // a dry run's replace_file()
  long m_changed = 0;
  long m_events = 0;
};

} // namespace leads::store
