#pragma once

#include <leads/store/atomic_file.hpp>
#include <leads/store/file_sink.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace leads::store {

// Where a command writes what it outputs (-o FILE, --rejects FILE): standard
// output for "-" (or no path), a device or pipe (/dev/null, a FIFO) as it is,
// and any other path through an AtomicFile, so that it changes only on
// commit() and a run that fails leaves it as it was.
class Output final : public FileSink {
public:
  explicit Output(const std::string& path);
  ~Output() override;
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void write(std::string_view bytes) override;
  // Flushes; a file is put in place (see AtomicFile::commit()).
  void commit();

  bool is_stdout() const { return m_path.empty() || m_path == "-"; }
  bool is_terminal() const;
  int fd() const;
  // For messages: the path given, or <stdout>.
  std::string display_name() const { return is_stdout() ? "<stdout>" : m_path; }

private:
  std::string m_path;
  std::unique_ptr<AtomicFile> m_file; // a regular file
  std::optional<BufferedFd> m_stream; // standard output, a device or a pipe
};

} // namespace leads::store
