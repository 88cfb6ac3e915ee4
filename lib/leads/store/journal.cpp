#include <leads/store/journal.hpp>

#include <leads/error.hpp>
#include <leads/store/atomic_file.hpp>
#include <leads/store/posix_file.hpp>
#include <leads/store/transaction.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <fcntl.h>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace leads::store {

namespace {

detail::StepHook g_step_hook = nullptr;

} // namespace

void detail::set_step_hook(StepHook hook) {
  g_step_hook = hook;
}

namespace journal {

namespace {

constexpr std::string_view k_header = "leads-journal 1";

// Paths may hold any byte but NUL; tab, LF and backslash are escaped so that
// a line is always one entry and a field never holds a tab.
std::string escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '\\':
      out += "\\\\";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\n':
      out += "\\n";
      break;
    default:
      out += c;
      break;
    }
  }
  return out;
}

bool unescape(std::string_view text, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out += text[i];
      continue;
    }
    if (++i == text.size()) {
      return false;
    }
    switch (text[i]) {
    case '\\':
      out += '\\';
      break;
    case 't':
      out += '\t';
      break;
    case 'n':
      out += '\n';
      break;
    default:
      return false;
    }
  }
  return true;
}

std::string stored_path(const fs::path& path, const fs::path& root) {
  fs::path relative = path.lexically_relative(root);
  if (!relative.empty() && *relative.begin() != "..") {
    return escape(relative.string());
  }
  return escape(path.string());
}

bool read_path(std::string_view field, const fs::path& root, fs::path& out) {
  std::string text;
  if (!unescape(field, text) || text.empty()) {
    return false;
  }
  fs::path path(text);
  out = path.is_absolute() ? path : root / path;
  return true;
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  for (;;) {
    std::size_t tab = line.find('\t');
    fields.push_back(line.substr(0, tab));
    if (tab == std::string_view::npos) {
      return fields;
    }
    line.remove_prefix(tab + 1);
  }
}

bool parse_entry(std::string_view line, const fs::path& root, Entry& entry) {
  std::vector<std::string_view> fields = split_tabs(line);
  if (fields[0] == "A" && fields.size() == 4) {
    entry.kind = Kind::append;
    const char* end = fields[2].data() + fields[2].size();
    auto [ptr, ec] = std::from_chars(fields[2].data(), end, entry.size_before);
    if (ec != std::errc() || ptr != end || (fields[3] != "0" && fields[3] != "1")) {
      return false;
    }
    entry.created = fields[3] == "1";
    return read_path(fields[1], root, entry.target);
  }
  if ((fields[0] == "R" || fields[0] == "C") && fields.size() == 3) {
    entry.kind = fields[0] == "R" ? Kind::replace : Kind::create;
    return read_path(fields[1], root, entry.target) && read_path(fields[2], root, entry.temp);
  }
  return false;
}

// Cuts an appended file back to its size before the transaction.
void truncate_to(const fs::path& path, std::uintmax_t size) {
  struct stat before {};
  if (::stat(path.c_str(), &before) == 0 && static_cast<std::uintmax_t>(before.st_size) <= size) {
    return; // nothing was appended (it may not even be writable: a run that could not open it)
  }
  int raw = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (raw < 0) {
    if (errno == ENOENT) {
      return;
    }
    throw Error(ErrorKind::io, "cannot restore: " + posix::errno_text(errno), path.string());
  }
  posix::Fd fd(raw);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    throw Error(ErrorKind::io, "cannot restore: " + posix::errno_text(errno), path.string());
  }
  if (static_cast<std::uintmax_t>(st.st_size) > size) {
    if (::ftruncate(fd.get(), static_cast<off_t>(size)) != 0) {
      throw Error(ErrorKind::io, "cannot restore: " + posix::errno_text(errno), path.string());
    }
    posix::sync_fd(fd.get(), path);
  }
  fd.close(path);
}

bool exists_no_follow(const fs::path& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

} // namespace

fs::path journal_path(const fs::path& root) {
  return root / ".leads.journal";
}
fs::path commit_path(const fs::path& root) {
  return root / ".leads.commit";
}
fs::path commit_temp_path(const fs::path& root) {
  return root / ".leads.commit.tmp";
}

std::string_view header() {
  return "leads-journal 1\n";
}

std::string format_entry(const Entry& entry, const fs::path& root) {
  switch (entry.kind) {
  case Kind::append:
    return fmt::format("A\t{}\t{}\t{}\n", stored_path(entry.target, root), entry.size_before,
                       entry.created ? 1 : 0);
  case Kind::replace:
  case Kind::create:
    return fmt::format("{}\t{}\t{}\n", static_cast<char>(entry.kind), stored_path(entry.target, root),
                       stored_path(entry.temp, root));
  }
  return {};
}

std::vector<Entry> parse(std::string_view text, const fs::path& root, const fs::path& source) {
  std::vector<Entry> entries;
  long line_number = 0;
  for (;;) {
    std::size_t lf = text.find('\n');
    if (lf == std::string_view::npos) {
      return entries; // empty, or a line cut short by a crash
    }
    std::string_view line = text.substr(0, lf);
    text.remove_prefix(lf + 1);
    ++line_number;
    Entry entry;
    bool ok = line_number == 1 ? line == k_header : parse_entry(line, root, entry);
    if (!ok) {
      throw Error(ErrorKind::io, "unreadable transaction journal", source.string(), line_number, 0,
                  "a leads run was interrupted and its journal is damaged; check the workspace files, "
                  "then remove " +
                      source.filename().string());
    }
    if (line_number > 1) {
      entries.push_back(std::move(entry));
    }
  }
}

void roll_forward(const fs::path& root, const std::vector<Entry>& entries) {
  std::set<fs::path> folders;
  for (const Entry& entry : entries) {
    if (entry.kind == Kind::append) {
      continue;
    }
    folders.insert(posix::parent_of(entry.target));
    if (!exists_no_follow(entry.temp)) {
      continue; // renamed before the interruption
    }
    rename_into_place(entry.temp, entry.target);
    step("renamed-one");
  }
  for (const fs::path& folder : folders) {
    posix::sync_dir(folder);
  }
  step("renamed");
  // The journal goes first: a marker without a journal still means "committed".
  posix::remove_if_exists(journal_path(root));
  posix::sync_dir(root);
  step("unjournaled");
  posix::remove_if_exists(commit_path(root));
  posix::sync_dir(root);
}

void roll_back(const fs::path& root, const std::vector<Entry>& entries) {
  std::set<fs::path> folders;
  for (const Entry& entry : entries) {
    if (entry.kind != Kind::append) {
      posix::remove_if_exists(entry.temp);
    } else if (entry.created) {
      posix::remove_if_exists(entry.target);
      folders.insert(posix::parent_of(entry.target));
    } else {
      truncate_to(entry.target, entry.size_before);
    }
  }
  for (const fs::path& folder : folders) {
    posix::sync_dir(folder);
  }
  step("rolled-back");
  posix::remove_if_exists(commit_temp_path(root));
  posix::remove_if_exists(journal_path(root));
  posix::sync_dir(root);
}

void step(std::string_view name) {
  if (g_step_hook != nullptr) {
    g_step_hook(name);
  }
}

} // namespace journal

} // namespace leads::store
