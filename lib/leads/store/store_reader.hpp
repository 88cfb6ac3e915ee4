#pragma once

#include <leads/csv/reader.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace leads::store {

// The workspace's leads.csv read row by row in id order, checked on the way:
// the header must start with the canonical columns, ids must be 16 hex digits
// in strictly increasing order (leads::Error(data) otherwise, pointing at the
// line). A missing file reads as an empty store.
class StoreReader {
public:
  explicit StoreReader(const std::filesystem::path& leads_file);
  ~StoreReader();
  StoreReader(const StoreReader&) = delete;
  StoreReader& operator=(const StoreReader&) = delete;

  // The whole header: canonical columns, then the store's extra columns.
  const std::vector<std::string>& header() const { return m_header; }

  // Moves to the next row; false at the end.
  bool next();
  bool at_end() const { return m_at_end; }
  // The current row (valid until next()).
  std::uint64_t id() const { return m_id; }
  const csv::Record& record() const { return m_record; }
  // Bytes of leads.csv read so far.
  std::uint64_t bytes_read() const { return m_reader->bytes_read(); }

private:
  std::unique_ptr<csv::Reader> m_reader;
  std::vector<std::string> m_header;
  csv::Record m_record;
  std::uint64_t m_id = 0;
  bool m_at_end = false;
  bool m_started = false;
};

} // namespace leads::store
