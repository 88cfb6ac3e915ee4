#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

// The on-disk record of a Transaction and the two ways to finish one: roll
// forward (after the commit marker) or roll back (before it). Internal to the
// store module; Transaction and its recover() are the public face.
namespace leads::store::journal {

namespace fs = std::filesystem;

enum class Kind : char { append = 'A', replace = 'R', create = 'C' };

// One target of a transaction, as the journal records it.
struct Entry {
  Kind kind = Kind::replace;
  fs::path target;                // absolute
  fs::path temp;                  // replace/create: where the new content is written
  std::uintmax_t size_before = 0; // append: the size to truncate back to
  bool created = false;           // append: the file did not exist before
};

fs::path journal_path(const fs::path& root);     // ROOT/.leads.journal
fs::path commit_path(const fs::path& root);      // ROOT/.leads.commit (the commit point)
fs::path commit_temp_path(const fs::path& root); // written first, renamed to commit_path

// The first line of every journal.
std::string_view header();

// One journal line (LF-terminated); paths inside root are stored relative to it.
std::string format_entry(const Entry& entry, const fs::path& root);

// The entries of a journal or commit marker. A last line without its LF was
// cut short by a crash and is ignored (its target was never touched). Throws
// leads::Error(io) for anything else that does not parse.
std::vector<Entry> parse(std::string_view text, const fs::path& root, const fs::path& source);

// Completes a committed transaction: renames the temp files that still exist
// over their targets, then removes the journal and then the commit marker.
void roll_forward(const fs::path& root, const std::vector<Entry>& entries);

// Undoes an uncommitted transaction: truncates appended files back (removes
// the ones it created), deletes temp files, then removes the journal.
void roll_back(const fs::path& root, const std::vector<Entry>& entries);

// Reports a durable step to the test hook (see detail::set_step_hook).
void step(std::string_view name);

} // namespace leads::store::journal
