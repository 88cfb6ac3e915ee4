#include <leads/import/rejects.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace leads::import {

namespace fs = std::filesystem;

std::string input_stem(const std::string& path) {
  if (path == "-") {
    return "stdin";
  }
  std::string stem = fs::path(path).stem().string();
  return stem.empty() ? "input" : stem;
}

WorkspaceRejects::WorkspaceRejects(store::Transaction& transaction, fs::path dir, std::string stamp,
                                   std::vector<std::string>& files)
    : m_transaction(transaction), m_dir(std::move(dir)), m_stamp(std::move(stamp)), m_files(files) {}

WorkspaceRejects::~WorkspaceRejects() = default;

void WorkspaceRejects::begin_input(const std::string& path, const std::string&,
                                   const std::vector<std::string>& header) {
  if (m_sink) {
    m_sink->flush();
    m_done.push_back(std::move(m_sink));
  }
  m_stem = input_stem(path);
  m_header = header;
}

void WorkspaceRejects::reject(long line, std::string_view reason, std::span<const std::string_view> fields) {
  if (!m_sink) {
    const std::string base = m_stem + "-" + m_stamp;
    std::string name = base + ".csv";
    std::error_code ec;
    for (int n = 2;
         std::find(m_used.begin(), m_used.end(), name) != m_used.end() || fs::exists(m_dir / name, ec); ++n) {
      name = fmt::format("{}-{}.csv", base, n);
    }
    m_used.push_back(name);
    const fs::path target = m_dir / name;
    m_sink = std::make_unique<store::CsvSink>(m_transaction.create(target));
    m_files.push_back(target.string());
    std::vector<std::string> header{"line", "reason"};
    header.insert(header.end(), m_header.begin(), m_header.end());
    m_sink->row(std::span<const std::string>(header));
  }
  const std::string line_text = std::to_string(line);
  m_row.assign({line_text, reason});
  m_row.insert(m_row.end(), fields.begin(), fields.end());
  m_sink->row(std::span<const std::string_view>(m_row));
}

void WorkspaceRejects::finish() {
  if (m_sink) {
    m_sink->flush();
  }
}

FileRejects::FileRejects(const std::string& path, const std::vector<std::vector<std::string>>& headers)
    : m_file(path), m_sink(m_file) {
  // (name, occurrence within its header) -> union column
  std::map<std::pair<std::string, int>, std::size_t> seen;
  for (const auto& header : headers) {
    std::map<std::string, int> count;
    for (const std::string& name : header) {
      const int occurrence = count[name]++;
      if (seen.try_emplace({name, occurrence}, m_union.size()).second) {
        m_union.push_back(name);
      }
    }
  }
  std::vector<std::string> row{"file", "line", "reason"};
  row.insert(row.end(), m_union.begin(), m_union.end());
  m_sink.row(std::span<const std::string>(row));
}

void FileRejects::begin_input(const std::string&, const std::string& display_name,
                              const std::vector<std::string>& header) {
  m_display_name = display_name;
  m_positions.clear();
  std::map<std::string, int> count;
  for (const std::string& name : header) {
    const int occurrence = count[name]++;
    std::size_t position = 0;
    for (int seen = 0; position < m_union.size(); ++position) {
      if (m_union[position] == name && seen++ == occurrence) {
        break;
      }
    }
    m_positions.push_back(position);
  }
}

void FileRejects::reject(long line, std::string_view reason, std::span<const std::string_view> fields) {
  m_line = std::to_string(line);
  m_row.assign(3 + m_union.size(), std::string_view());
  m_row[0] = m_display_name;
  m_row[1] = m_line;
  m_row[2] = reason;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i < m_positions.size()) {
      m_row[3 + m_positions[i]] = fields[i];
    } else {
      m_row.push_back(fields[i]);
    }
  }
  m_sink.row(std::span<const std::string_view>(m_row));
}

void FileRejects::finish() {
  m_sink.flush();
}

void FileRejects::commit() {
  m_sink.flush();
  m_file.commit();
}

void ListRejects::begin_input(const std::string&, const std::string& display_name,
                              const std::vector<std::string>&) {
  m_display_name = display_name;
}

void ListRejects::reject(long line, std::string_view reason, std::span<const std::string_view>) {
  RejectedRow row{m_display_name, line, std::string(reason)};
  if (m_callback) {
    m_callback(row);
  } else {
    m_rows.push_back(std::move(row));
  }
}

} // namespace leads::import
