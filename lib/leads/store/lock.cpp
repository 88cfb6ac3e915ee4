#include <leads/store/lock.hpp>
#include <leads/store/workspace.hpp>

#include <leads/error.hpp>
#include <leads/store/posix_file.hpp>
#include <leads/store/transaction.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <fcntl.h>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

namespace leads::store {

namespace {

constexpr auto k_poll_interval = std::chrono::milliseconds(50);

// The pid the holder wrote into the lock file, or 0 when there is none yet.
long holder_pid(int fd) {
  char buffer[32] = {};
  ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
  if (n <= 0) {
    return 0;
  }
  long pid = 0;
  for (ssize_t i = 0; i < n && buffer[i] >= '0' && buffer[i] <= '9'; ++i) {
    pid = pid * 10 + (buffer[i] - '0');
  }
  return pid;
}

// Tries flock (LOCK_EX or LOCK_SH) until it succeeds or wait_seconds have
// passed; false on timeout.
bool acquire(int fd, int operation, double wait_seconds, const fs::path& path) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + wait_duration(wait_seconds);
  for (;;) {
    if (::flock(fd, operation | LOCK_NB) == 0) {
      return true;
    }
    if (errno == EINTR) {
      continue;
    }
    if (errno != EWOULDBLOCK) {
      throw Error(ErrorKind::io, "cannot lock: " + posix::errno_text(errno), path.string());
    }
    auto now = Clock::now();
    if (now >= deadline) {
      return false;
    }
    std::this_thread::sleep_for(std::min<Clock::duration>(k_poll_interval, deadline - now));
  }
}

} // namespace

std::chrono::steady_clock::duration wait_duration(double seconds) {
  constexpr double k_century = 100.0 * 365.25 * 24 * 3600;
  const double capped = std::isnan(seconds) || seconds <= 0 ? 0.0 : std::min(seconds, k_century);
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(capped));
}

WorkspaceLock::WorkspaceLock(const std::filesystem::path& root, double wait_seconds, Access access) {
  fs::path path = root / ".leads.lock";
  posix::Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  const bool writable = fd.get() >= 0;
  if (!writable) {
    const int error = errno;
    // No folder (a store: path to nowhere): nothing to lock or finish; the
    // reader says what is missing.
    if (access == Access::read && error == ENOENT) {
      return;
    }
    const bool read_only = error == EACCES || error == EROFS || error == EPERM;
    if (access == Access::write || !read_only) {
      throw Error(ErrorKind::cant_create, "cannot create: " + posix::errno_text(error), path.string(), 0, 0,
                  read_only ? "the workspace is read-only here: run leads as a user who can write it" : "");
    }
    // Read-only: a shared lock where the lock file exists (a writer that
    // comes along waits for this run), none where it does not.
    fd = posix::Fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  }
  if (fd.valid() && !acquire(fd.get(), writable ? LOCK_EX : LOCK_SH, wait_seconds, path)) {
    long pid = holder_pid(fd.get());
    std::string who = pid > 0 ? fmt::format(" (pid {})", pid) : std::string();
    throw Error(ErrorKind::locked, "workspace is locked by another leads run" + who, display_path(path), 0, 0,
                wait_seconds > 0 ? "wait for it to finish, or pass a longer --wait"
                                 : "wait for it to finish, or pass --wait SECONDS");
  }
  if (!writable) {
    // Once no writer holds the lock, a journal is what a killed run left:
    // only a run that can write may finish or undo it.
    if (Transaction::interrupted(root)) {
      throw Error(ErrorKind::cant_create, "a leads run was interrupted here, and the workspace is read-only",
                  display_path(root), 0, 0,
                  "run leads as a user who can write the workspace, which finishes or undoes that run");
    }
    m_fd = fd.release();
    return;
  }
  // The pid is for the "locked by" message only: a full disk that cannot
  // take it stops nothing (a check must still run there).
  std::string pid = fmt::format("{}\n", ::getpid());
  m_wrote_pid = ::ftruncate(fd.get(), 0) == 0 &&
                ::pwrite(fd.get(), pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size());
  Transaction::recover(root);
  m_fd = fd.release();
}

WorkspaceLock::~WorkspaceLock() {
  if (m_fd >= 0) {
    if (m_wrote_pid) {
      // Gone with the run, so that whoever takes the lock next (flock(1), a
      // backup script) is not named after a run that has ended.
      static_cast<void>(::ftruncate(m_fd, 0));
    }
    ::flock(m_fd, LOCK_UN);
    ::close(m_fd);
  }
}

} // namespace leads::store
