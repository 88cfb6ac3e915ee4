#include <leads/store/history.hpp>

#include <leads/lead/fields.hpp>
#include <leads/store/posix_file.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace leads::store {

namespace {

// How a file that rows are appended to ends.
enum class FileEnd { empty, line_end, no_line_end };

FileEnd file_end(const std::filesystem::path& file) {
  struct stat st {};
  posix::Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid() || ::fstat(fd.get(), &st) != 0 || st.st_size == 0) {
    return FileEnd::empty;
  }
  char last = 0;
  const bool line_ended = ::pread(fd.get(), &last, 1, st.st_size - 1) != 1 || last == '\n' || last == '\r';
  return line_ended ? FileEnd::line_end : FileEnd::no_line_end;
}

} // namespace

std::unique_ptr<CsvSink> append_csv(Transaction& transaction, const std::filesystem::path& file,
                                    std::span<const std::string_view> header) {
  const FileEnd end = file_end(file);
  auto sink = std::make_unique<CsvSink>(transaction.append(file));
  if (end == FileEnd::empty) {
    sink->row(header);
  } else if (end == FileEnd::no_line_end) {
    sink->text("\n");
  }
  return sink;
}

EventLog::EventLog(Transaction& transaction, const std::filesystem::path& events_file)
    : m_sink(append_csv(transaction, events_file, k_event_columns)) {}

void EventLog::add(const Event& event) {
  const std::string_view row[] = {
      event.at, event.lead_id, event_kinds.name(event.kind), event.from, event.to, event.actor, event.note};
  m_sink->row(std::span<const std::string_view>(row));
  ++m_count;
}

void EventLog::flush() {
  m_sink->flush();
}

} // namespace leads::store
