#pragma once

#include <leads/store/csv_sink.hpp>
#include <leads/store/transaction.hpp>
#include <leads/text/vocabulary.hpp>

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

// The workspace's append-only history files (events.csv, activities.csv):
// the kinds of events, and appending rows to them inside a transaction.
namespace leads::store {

// What an event of events.csv records (its `kind` column).
enum class EventKind { created, merged, stage, owner, do_not_contact, score, forgotten };
inline constexpr text::Word<EventKind> k_event_kind_words[] = {{"created", EventKind::created},
                                                               {"merged", EventKind::merged},
                                                               {"stage", EventKind::stage},
                                                               {"owner", EventKind::owner},
                                                               {"do_not_contact", EventKind::do_not_contact},
                                                               {"score", EventKind::score},
                                                               {"forgotten", EventKind::forgotten}};
inline constexpr text::Vocabulary<EventKind> event_kinds{k_event_kind_words};

// One row of events.csv: at,lead_id,kind,from,to,actor,note.
struct Event {
  std::string_view at; // UTC ISO 8601
  std::string_view lead_id;
  EventKind kind = EventKind::stage;
  std::string_view from;
  std::string_view to;
  std::string_view actor;
  std::string_view note;
};

// Rows appended to a workspace CSV file through a transaction: its header row
// first when the file is missing or empty, and a line end first when its
// last row has none (an editor saved it so: rows appended then would join it).
std::unique_ptr<CsvSink> append_csv(Transaction& transaction, const std::filesystem::path& file,
                                    std::span<const std::string_view> header);

// Events appended to events.csv through a transaction, in the order added.
class EventLog {
public:
  EventLog(Transaction& transaction, const std::filesystem::path& events_file);
  void add(const Event& event);
  // Hands what is gathered to the transaction; call before committing.
  void flush();
  long count() const { return m_count; }

private:
  std::unique_ptr<CsvSink> m_sink;
  long m_count = 0;
};

} // namespace leads::store
