#pragma once

#include <leads/store/file_sink.hpp>

#include <filesystem>
#include <string_view>

namespace leads::store {

// A file's new content, written beside it and put in its place in one
// rename: a reader sees the old file or the whole new one, never a part, and
// a run that fails leaves the old one. The one way the toolkit replaces a
// file: output files (-o, --rejects), the files of a workspace transaction,
// leads.yaml.
//
// Failures and their kinds, the same wherever they happen:
//   - the temp file cannot be made (no such folder, no permission, the
//     target is a folder, a full disk): Error(cant_create) naming the target;
//   - writing or syncing it fails (disk full, file size limit, I/O error):
//     Error(io) naming the target, with what to do;
//   - it cannot be renamed over the target: Error(cant_create) naming the target.
class AtomicFile final : public FileSink {
public:
  // Creates ".NAME.tmp-PID" beside target, with target's permissions when it
  // exists (else `mode` less the umask). A target that is a symlink is
  // replaced where it points, so that the link stays a link.
  explicit AtomicFile(const std::filesystem::path& target, int mode = 0666);
  // The same with the temp file named by the caller (one that recovery
  // after a crash looks for by name).
  AtomicFile(const std::filesystem::path& target, const std::filesystem::path& temp, int mode = 0666);
  // Removes the temp file unless it was committed or handed over with release().
  ~AtomicFile() override;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view bytes) override;
  // Makes the content durable (flush, fsync, close); it still has to be renamed.
  void finish();
  // finish(), then the rename over the target (install()) and an fsync of its folder.
  void commit();
  // finish() and the rename, without the fsync of the folder that makes it
  // durable (a transaction records its commit point in between).
  void install();
  // Drops what was written: the temp file is removed now.
  void discard();
  // For a transaction, whose journal renames the temp file at its commit
  // point (or removes it on rollback): from now on this object leaves it alone.
  void release() { m_released = true; }

  // The file replaced (through a symlink: the file it points to).
  const std::filesystem::path& target() const { return m_target; }
  const std::filesystem::path& temp() const { return m_temp; }

private:
  std::filesystem::path m_target;
  std::filesystem::path m_temp;
  BufferedFd m_out;
  bool m_finished = false;
  bool m_committed = false;
  bool m_released = false;
};

// Puts a finished temp file in place of target: rename(2). Error(cant_create)
// naming the target when it cannot be. (AtomicFile, and a transaction's
// roll-forward after a crash.)
void rename_into_place(const std::filesystem::path& temp, const std::filesystem::path& target);

// Writes a whole file atomically (see AtomicFile) and commits it.
void write_file_atomically(const std::filesystem::path& target, std::string_view content);

} // namespace leads::store
