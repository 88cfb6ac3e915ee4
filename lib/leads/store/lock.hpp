#pragma once

#include <chrono>
#include <filesystem>

namespace leads::store {

// How long --wait SECONDS waits: 0 for less than 0, and at most a century
// (any larger number of seconds means "wait as long as it takes", and would
// not fit the clock's nanoseconds).
std::chrono::steady_clock::duration wait_duration(double seconds);

// An exclusive lock on a workspace (flock on ROOT/.leads.lock), so that
// overlapping runs (cron + a person) wait for each other instead of losing
// writes. Waits up to wait_seconds (0 = try once), polling; then throws
// leads::Error(locked) ("workspace is locked by another leads run (pid N);
// try again later or pass --wait SECONDS"). On acquiring, finishes or rolls
// back a transaction that a killed run left behind (see Transaction).
//
// A run that only reads (leads check) may find the workspace read-only (a
// backup mounted so, another user's files): it then takes a shared lock on
// the lock file if it can open it (still waiting for a writer), recovers
// nothing, and refuses to read what an interrupted run left half done.
class WorkspaceLock {
public:
  enum class Access { write, read };
  WorkspaceLock(const std::filesystem::path& root, double wait_seconds, Access access = Access::write);
  ~WorkspaceLock();
  WorkspaceLock(const WorkspaceLock&) = delete;
  WorkspaceLock& operator=(const WorkspaceLock&) = delete;

private:
  int m_fd = -1;
  bool m_wrote_pid = false;
};

} // namespace leads::store
