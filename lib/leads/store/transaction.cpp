#include <leads/store/transaction.hpp>

#include <leads/error.hpp>
#include <leads/store/atomic_file.hpp>
#include <leads/store/journal.hpp>
#include <leads/store/posix_file.hpp>

#include <cerrno>
#include <fcntl.h>
#include <optional>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace leads::store {

namespace {

// One file of a transaction: new content beside it (replace, create), or
// bytes appended to it.
class TargetSink final : public FileSink {
public:
  explicit TargetSink(std::unique_ptr<AtomicFile> file) : m_file(std::move(file)) { m_file->release(); }
  explicit TargetSink(BufferedFd appended) : m_appended(std::move(appended)) {}

  void write(std::string_view bytes) override {
    if (m_file) {
      m_file->write(bytes);
    } else {
      m_appended->write(bytes);
    }
  }
  // Makes everything written durable, then closes the file.
  void finish() {
    if (m_file) {
      m_file->finish();
    } else {
      m_appended->sync_and_close();
    }
  }
  // Drops what is buffered and closes the file (the journal's rollback undoes the rest).
  void discard() {
    if (m_appended) {
      m_appended->discard();
    }
    m_file.reset(); // released: its temp file is the rollback's to remove
  }

private:
  std::unique_ptr<AtomicFile> m_file;
  std::optional<BufferedFd> m_appended;
};

struct Target {
  journal::Entry entry;
  std::unique_ptr<TargetSink> sink;
};

fs::path absolute_path(const fs::path& path) {
  return fs::absolute(path).lexically_normal();
}

void make_parent_folder(const fs::path& target) {
  std::error_code ec;
  fs::create_directories(posix::parent_of(target), ec);
  if (ec) {
    throw Error(ErrorKind::cant_create, "cannot create folder: " + ec.message(),
                posix::parent_of(target).string());
  }
}

} // namespace

struct Transaction::Impl {
  enum class State { open, marked, done };

  fs::path root;
  std::string journal_text;
  posix::Fd journal_fd;
  std::vector<Target> targets;
  State state = State::open;

  // Records entry in the journal, durably, before its target is touched.
  void journal(const journal::Entry& entry) {
    fs::path path = journal::journal_path(root);
    bool first = !journal_fd.valid();
    if (first) {
      int raw = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
      if (raw < 0 && errno == EEXIST) {
        throw Error(ErrorKind::cant_create, "another change to this workspace is unfinished", path.string(),
                    0, 0, "run the command again: taking the workspace lock finishes or undoes it");
      }
      if (raw < 0) {
        throw Error(ErrorKind::cant_create, "cannot create: " + posix::errno_text(errno), path.string());
      }
      journal_fd = posix::Fd(raw);
      journal_text = journal::header();
    }
    std::string line = journal::format_entry(entry, root);
    posix::write_all(journal_fd.get(), first ? journal_text + line : line, path);
    journal_text += line;
    posix::sync_fd(journal_fd.get(), path);
    if (first) {
      posix::sync_dir(root);
    }
    journal::step("journaled");
  }

  std::vector<journal::Entry> entries() const {
    std::vector<journal::Entry> out;
    out.reserve(targets.size());
    for (const Target& target : targets) {
      out.push_back(target.entry);
    }
    return out;
  }

  FileSink* find(const fs::path& path, journal::Kind kind) {
    for (Target& target : targets) {
      if (target.entry.target == path) {
        if (target.entry.kind != kind) {
          throw std::logic_error("leads::store::Transaction: one file used two ways: " + path.string());
        }
        return target.sink.get();
      }
    }
    return nullptr;
  }

  FileSink& add(journal::Entry entry, std::unique_ptr<TargetSink> (*open)(const journal::Entry&)) {
    if (state != State::open) {
      throw std::logic_error("leads::store::Transaction: change after commit or rollback");
    }
    journal(entry);
    // Listed before it is opened, so that a failed open is still cleaned up.
    targets.push_back({std::move(entry), nullptr});
    targets.back().sink = open(targets.back().entry);
    return *targets.back().sink;
  }

  FileSink& add_new_content(const fs::path& target, journal::Kind kind) {
    fs::path path = absolute_path(target);
    // A store kept elsewhere through a symlink is replaced where it is:
    // renaming over the link would cut it (and what it points to would go
    // stale while appends through other links still reach it).
    path = posix::through_symlink(path);
    if (FileSink* sink = find(path, kind)) {
      return *sink;
    }
    make_parent_folder(path);
    journal::Entry entry;
    entry.kind = kind;
    entry.temp = posix::temp_path_for(path); // where AtomicFile writes it
    entry.target = std::move(path);
    return add(std::move(entry), [](const journal::Entry& e) {
      return std::make_unique<TargetSink>(std::make_unique<AtomicFile>(e.target));
    });
  }

  void roll_back() {
    for (Target& target : targets) {
      if (target.sink) {
        target.sink->discard();
      }
    }
    journal_fd = posix::Fd();
    if (!targets.empty()) {
      journal::roll_back(root, entries());
    }
    state = State::done;
  }
};

Transaction::Transaction(fs::path root) : m_impl(std::make_unique<Impl>()) {
  m_impl->root = absolute_path(root);
}

Transaction::~Transaction() {
  try {
    if (m_impl->state == Impl::State::open) {
      m_impl->roll_back();
    } else if (m_impl->state == Impl::State::marked) {
      journal::roll_forward(m_impl->root, m_impl->entries());
    }
  } catch (const std::exception&) {
    // What is left on disk is finished or undone by the next WorkspaceLock.
  }
}

FileSink& Transaction::replace(const fs::path& target) {
  return m_impl->add_new_content(target, journal::Kind::replace);
}

FileSink& Transaction::create(const fs::path& target) {
  return m_impl->add_new_content(target, journal::Kind::create);
}

FileSink& Transaction::append(const fs::path& target) {
  fs::path path = absolute_path(target);
  if (FileSink* sink = m_impl->find(path, journal::Kind::append)) {
    return *sink;
  }
  journal::Entry entry;
  entry.kind = journal::Kind::append;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    entry.size_before = static_cast<std::uintmax_t>(st.st_size);
  } else if (errno == ENOENT) {
    make_parent_folder(path);
    entry.created = true;
  } else {
    throw Error(ErrorKind::io, "cannot read: " + posix::errno_text(errno), path.string());
  }
  entry.target = std::move(path);
  return m_impl->add(std::move(entry), [](const journal::Entry& e) {
    return std::make_unique<TargetSink>(BufferedFd(
        posix::open_file(e.target, O_WRONLY | O_APPEND | O_CREAT, 0666, ErrorKind::cant_create, "open"),
        e.target));
  });
}

void Transaction::commit() {
  Impl& impl = *m_impl;
  if (impl.state != Impl::State::open) {
    throw std::logic_error("leads::store::Transaction: commit after commit or rollback");
  }
  if (impl.targets.empty()) {
    impl.state = Impl::State::done;
    return;
  }
  for (Target& target : impl.targets) {
    if (!target.sink) {
      throw std::logic_error("leads::store::Transaction: commit after a failed replace/append/create");
    }
    target.sink->finish();
  }
  journal::step("synced");

  // The commit point: a complete marker appears in one rename.
  AtomicFile marker(journal::commit_path(impl.root), journal::commit_temp_path(impl.root));
  marker.write(impl.journal_text);
  marker.install();
  impl.state = Impl::State::marked;
  posix::sync_dir(impl.root);
  journal::step("marked");

  impl.journal_fd = posix::Fd();
  journal::roll_forward(impl.root, impl.entries());
  impl.state = Impl::State::done;
}

void Transaction::rollback() {
  // After the commit point the changes stand; the next WorkspaceLock finishes them.
  if (m_impl->state == Impl::State::open) {
    m_impl->roll_back();
  }
}

void Transaction::recover(const fs::path& root) {
  fs::path base = absolute_path(root);
  fs::path marker = journal::commit_path(base);
  fs::path journal_file = journal::journal_path(base);
  struct stat st {};
  if (::lstat(marker.c_str(), &st) == 0) {
    journal::roll_forward(base, journal::parse(posix::read_all(marker), base, marker));
  } else if (::lstat(journal_file.c_str(), &st) == 0) {
    journal::roll_back(base, journal::parse(posix::read_all(journal_file), base, journal_file));
  } else {
    posix::remove_if_exists(journal::commit_temp_path(base));
  }
}

bool Transaction::interrupted(const fs::path& root) {
  const fs::path base = absolute_path(root);
  struct stat st {};
  return ::lstat(journal::commit_path(base).c_str(), &st) == 0 ||
         ::lstat(journal::journal_path(base).c_str(), &st) == 0;
}

} // namespace leads::store
