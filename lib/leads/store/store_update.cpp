#include <leads/store/store_update.hpp>

#include <leads/stop.hpp>

#include <algorithm>

#include <sys/stat.h>

namespace leads::store {

StoreUpdate::StoreUpdate(const Workspace& workspace, bool dry_run, std::span<const std::string> new_columns)
    : m_workspace(workspace), m_dry_run(dry_run), m_reader(workspace.leads_file()), m_header(m_reader.header()) {
  for (const std::string& name : new_columns) {
    if (std::find(m_header.begin(), m_header.end(), name) == m_header.end()) {
      m_header.push_back(name);
    }
  }
  struct stat st {};
  if (::stat(workspace.leads_file().c_str(), &st) == 0) {
    m_bytes_total = static_cast<std::uint64_t>(st.st_size);
  }
  if (!dry_run) {
    m_transaction = std::make_unique<Transaction>(workspace.data_dir());
    m_leads = std::make_unique<CsvSink>(m_transaction->replace(workspace.leads_file()));
    m_leads->row(std::span<const std::string>(m_header));
  }
}

StoreUpdate::~StoreUpdate() = default;

std::optional<std::size_t> StoreUpdate::column(std::string_view name) const {
  const auto& columns = header();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) {
      return i;
    }
  }
  return std::nullopt;
}

bool StoreUpdate::next() {
  return m_reader.next();
}

void StoreUpdate::write(std::span<const std::string_view> row, bool changed) {
  m_changed += changed ? 1 : 0;
  if (m_leads) {
    m_leads->row(row);
  }
}

void StoreUpdate::write_text(std::string_view rows, long changed) {
  m_changed += changed;
  if (m_leads) {
    m_leads->text(rows);
  }
}

void StoreUpdate::event(const Event& event) {
  ++m_events;
  if (m_dry_run) {
    return;
  }
  if (!m_log) {
    m_log = std::make_unique<EventLog>(*m_transaction, m_workspace.events_file());
  }
  m_log->add(event);
}

namespace {

// What a dry run writes to: nothing.
class DiscardSink final : public FileSink {
public:
  void write(std::string_view) override {}
};

} // namespace

FileSink& StoreUpdate::replace_file(const std::filesystem::path& path) {
  if (!m_transaction) {
    if (!m_discard) {
      m_discard = std::make_unique<DiscardSink>();
    }
    return *m_discard;
  }
  return m_transaction->replace(path);
}

void StoreUpdate::commit() {
  throw_if_stop_requested(); // the last moment: once committing, the run completes
  if (!m_transaction) {
    return;
  }
  if (m_changed == 0 && m_events == 0 && m_header.size() == m_reader.header().size()) {
    m_transaction->rollback(); // nothing to say: both files stay as they were
    return;
  }
  m_leads->flush();
  if (m_log) {
    m_log->flush();
  }
  m_transaction->commit();
}

} // namespace leads::store
