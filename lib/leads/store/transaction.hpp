#pragma once

#include <leads/store/atomic_file.hpp>
#include <leads/store/file_sink.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace leads::store {

namespace fs = std::filesystem;

// Changes to several workspace files that land all together or not at all,
// even if the process is killed at any moment:
//   - replace(path): the new full content goes to a temp file beside it;
//   - append(path): bytes are appended after the current end (its size is
//     journaled first, so a rollback truncates back);
//   - create(path): a new file (a rejects file), removed on rollback.
// commit() fsyncs everything, writes a commit marker (ROOT/.leads.commit),
// renames the temp files over their targets and removes the journal. A run
// that dies before the marker is rolled back by the next WorkspaceLock; one
// that dies after it is rolled forward. Destroying an uncommitted
// Transaction rolls it back. Must be used under a WorkspaceLock.
class Transaction {
public:
  explicit Transaction(fs::path root);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  FileSink& replace(const fs::path& target);
  FileSink& append(const fs::path& target);
  FileSink& create(const fs::path& target);

  void commit();
  void rollback();

  // Called by WorkspaceLock: completes or undoes what a killed run left in root.
  static void recover(const fs::path& root);
  // Whether a killed run left in root what recover() would finish or undo.
  static bool interrupted(const fs::path& root);

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

namespace detail {

// For crash tests only: called with the name of each durable step of commit()
// and recover() ("journaled", "synced", "marked", "renamed-one", "renamed",
// "unjournaled", "rolled-back"), so that a test can end the process exactly
// there and check what the next recover() makes of it. nullptr = no hook.
using StepHook = void (*)(std::string_view step);
void set_step_hook(StepHook hook);

} // namespace detail

} // namespace leads::store
