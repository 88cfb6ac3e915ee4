#include <leads/import/summary.hpp>

#include <leads/store/workspace.hpp>

#include <fmt/format.h>

namespace leads::import {

namespace {

using Reasons = std::vector<std::pair<std::string, long>>;

// "  rejected: 3 invalid email, 1 no identity" (the five most frequent).
void append_reasons(std::string& out, std::string_view label, const Reasons& reasons) {
  if (reasons.empty()) {
    return;
  }
  std::string list;
  std::size_t shown = 0;
  for (const auto& [reason, count] : reasons) {
    if (shown++ == 5) {
      list += ", ...";
      break;
    }
    list += fmt::format("{}{} {}", list.empty() ? "" : ", ", count, reason);
  }
  out += fmt::format("  {}: {}\n", label, list);
}

render::Object reasons_object(const Reasons& reasons) {
  render::Object out;
  for (const auto& [reason, count] : reasons) {
    out.set(reason, count);
  }
  return out;
}

render::Array names_array(const std::vector<std::string>& names) {
  render::Array out;
  for (const std::string& name : names) {
    out.push(name);
  }
  return out;
}

// An input none of whose columns can identify a person: every row was
// rejected. Shows the header as read, where a wrong delimiter or encoding shows.
void append_without_identity(std::string& out, const Summary::UnidentifiedInput& input) {
  constexpr std::size_t k_shown_columns = 6;
  constexpr std::size_t k_shown_bytes = 60;
  std::string columns;
  for (std::size_t i = 0; i < input.header.size() && i < k_shown_columns; ++i) {
    std::string_view name = input.header[i];
    const bool cut = name.size() > k_shown_bytes;
    if (cut) {
      std::size_t end = k_shown_bytes; // back to the start of a UTF-8 character
      while (end > 0 && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) {
        --end;
      }
      name = name.substr(0, end);
    }
    columns += fmt::format("{}{:?}{}", i == 0 ? "" : ", ", name, cut ? "..." : "");
  }
  if (input.header.size() > k_shown_columns) {
    columns += ", ...";
  }
  out += fmt::format(
      "leads import: warning: {}:{}: no column identifies a person (email, phone, source id, or name "
      "and company), so every row was rejected; the header reads as {} column{}: {}\n"
      "  hint: check the delimiter (-d) and the encoding (--encoding), or name a column with --map "
      "'Column=email'\n",
      input.file, input.line, input.header.size(), input.header.size() == 1 ? "" : "s", columns);
}

// After a warning about each of the first few rows (or cells) of a kind: how many more there were.
void append_unlisted(std::string& out, long total, std::size_t listed, std::string_view noun = "row") {
  const long unlisted = total - static_cast<long>(listed);
  if (unlisted > 0) {
    out += fmt::format("leads import: warning: {} more {}{} like that\n", unlisted, noun,
                       unlisted == 1 ? "" : "s");
  }
}

void append_cell_warnings(std::string& out, const Summary& summary) {
  for (const auto& cell : summary.first_cell_warnings) {
    out += fmt::format("leads import: warning: {}:{}: {}\n", cell.file, cell.line, cell.reason);
  }
  append_unlisted(out, summary.cell_warning_count, summary.first_cell_warnings.size(), "cell");
}

void append_conflicts(std::string& out, const Summary& summary) {
  for (const auto& conflict : summary.first_conflicts) {
    out +=
        fmt::format("leads import: warning: {}:{}: merged by {} into lead {} without its {}, which is lead "
                    "{}'s\n",
                    conflict.file, conflict.line, conflict.by, conflict.lead, conflict.key, conflict.owner);
  }
  append_unlisted(out, summary.conflicts, summary.first_conflicts.size());
  if (summary.conflicts > 0) {
    out += "  hint: such a row names two leads (the source system may hold two records of one person): merge "
           "them there, or correct the row, and import again\n";
  }
}

void append_shared_phones(std::string& out, const Summary& summary) {
  for (const auto& shared : summary.first_shared_phones) {
    out += fmt::format("leads import: warning: {}:{}: phone {} is lead {}'s{}, but the row names {}: a "
                       "new lead\n",
                       shared.file, shared.line, shared.phone, shared.lead,
                       shared.lead_name.empty() ? "" : fmt::format(" ({})", shared.lead_name),
                       shared.name.empty() ? "someone else" : shared.name);
  }
  append_unlisted(out, summary.shared_phones, summary.first_shared_phones.size());
  if (summary.shared_phones > 0) {
    out += "  hint: a phone alone joins no two people whose names differ (colleagues share a switchboard); "
           "if they are one person, give the rows the same email or source id\n";
  }
}

void append_other_emails(std::string& out, const Summary& summary) {
  for (const auto& other : summary.first_other_emails) {
    out += fmt::format(
        "leads import: warning: {}:{}: merged by source id into lead {}, which has another email\n",
        other.file, other.line, other.lead);
  }
  append_unlisted(out, summary.other_emails, summary.first_other_emails.size());
  if (summary.other_emails > 0) {
    out += "  hint: right if the person's email changed (the lead keeps the other in other_emails); if the "
           "column holds no ids of people (row numbers, another system's ids), map it to an extra column, as "
           "--map 'ID=row_number', and import with --dry-run first\n";
  }
}

} // namespace

std::string summary_text(const Summary& summary, const SummaryContext& context) {
  const char* dry = context.dry_run ? "(dry run) " : "";
  std::string out;
  // With --shard: "; 747 rows went to other shards (this run keeps shard 2/4)".
  auto other_shards = [&](long rows, std::string_view one, std::string_view many) {
    return summary.shard.empty() ? std::string()
                                 : fmt::format("; {} {} went to other shards (this run keeps shard {})", rows,
                                               rows == 1 ? one : many, summary.shard);
  };
  if (context.lead_inputs) {
    out += fmt::format("leads import: {}read {}, new {}, merged {}, unchanged {}, rejected {}{}\n", dry,
                       summary.read, summary.created, summary.merged, summary.unchanged, summary.rejected,
                       other_shards(summary.other_shards, "row", "rows"));
  }
  append_reasons(out, "rejected", summary.reasons); // under the line they count
  append_reasons(out, "cells left out or split", summary.cell_warnings);
  if (summary.stage_events > 0) {
    out += fmt::format("  history: {} stage event{} from stage dates{}\n", summary.stage_events,
                       summary.stage_events == 1 ? "" : "s",
                       context.filter_mode ? " (not written: -o writes leads only; import into a workspace to "
                                             "keep them)"
                                           : "");
  }
  if (context.activities) {
    out += fmt::format("leads import: {}activities read {}, added {}, duplicates {}, rejected {}{}\n", dry,
                       summary.activities_read, summary.activities_added, summary.activities_duplicate,
                       summary.activities_rejected,
                       other_shards(summary.activities_other_shards, "activity", "activities"));
  }
  append_reasons(out, "rejected activities", summary.activity_reasons);
  for (const auto& file : summary.rejects_files) {
    out += fmt::format("  rejects: {}\n", store::display_path(file));
  }
  if (summary.empty_rows > 0) {
    out += fmt::format("  skipped: {} empty row{} (no field has a value)\n", summary.empty_rows,
                       summary.empty_rows == 1 ? "" : "s");
  }
  for (const auto& footer : summary.report_footers) {
    out += fmt::format("  skipped: {}:{}: the footer of a Salesforce report (not rows)\n", footer.file,
                       footer.line);
  }
  if (summary.wrote_nothing && context.strict && !context.dry_run) {
    out += "  nothing was written (--strict): fix the rejected rows and run again\n";
  }
  return out;
}

render::Object summary_object(const Summary& summary, const SummaryContext& context) {
  render::Object out;
  out.set("read", summary.read)
      .set("new", summary.created)
      .set("merged", summary.merged)
      .set("unchanged", summary.unchanged)
      .set("rejected", summary.rejected)
      .set_if(!summary.shard.empty(), "shard", summary.shard)
      .set_if(!summary.shard.empty(), "other_shards", summary.other_shards)
      .set("dry_run", context.dry_run)
      .set("wrote_nothing", summary.wrote_nothing)
      .set("reasons", reasons_object(summary.reasons))
      .set_if(!summary.cell_warnings.empty(), "cell_warnings", reasons_object(summary.cell_warnings))
      .set_if(summary.stage_events > 0, "stage_events", summary.stage_events);
  // As the text summary shows them: relative to the current folder when inside it.
  render::Array rejects;
  for (const std::string& file : summary.rejects_files) {
    rejects.push(store::display_path(file));
  }
  out.set("rejects_files", rejects);
  std::vector<std::string> without_identity;
  for (const auto& input : summary.inputs_without_identity) {
    without_identity.push_back(input.file);
  }
  std::vector<std::string> with_footer;
  for (const auto& footer : summary.report_footers) {
    with_footer.push_back(fmt::format("{}:{}", footer.file, footer.line));
  }
  out.set_if(!without_identity.empty(), "inputs_without_identity", names_array(without_identity))
      .set_if(!summary.empty_inputs.empty(), "empty_inputs", names_array(summary.empty_inputs))
      .set_if(!with_footer.empty(), "report_footers", names_array(with_footer))
      .set_if(summary.empty_rows > 0, "empty_rows", summary.empty_rows)
      .set_if(summary.conflicts > 0, "conflicts", summary.conflicts)
      .set_if(summary.shared_phones > 0, "shared_phones", summary.shared_phones)
      .set_if(summary.other_emails > 0, "other_emails", summary.other_emails);
  if (context.activities) {
    out.set("activities", render::Object()
                              .set("read", summary.activities_read)
                              .set("added", summary.activities_added)
                              .set("duplicates", summary.activities_duplicate)
                              .set("rejected", summary.activities_rejected)
                              .set_if(!summary.shard.empty(), "other_shards", summary.activities_other_shards)
                              .set("reasons", reasons_object(summary.activity_reasons)));
  }
  return out;
}

std::string warnings_text(const Summary& summary) {
  std::string out;
  for (const auto& rejected : summary.rejected_rows) {
    out += fmt::format("leads import: {}:{}: rejected: {}\n", rejected.file, rejected.line, rejected.reason);
  }
  append_cell_warnings(out, summary);
  for (const auto& map : summary.unused_maps) {
    out += fmt::format("leads import: warning: --map '{}' matched no column of the input\n", map);
  }
  for (const auto& misfit : summary.preset_misfits) {
    out += fmt::format("leads import: warning: {}: --preset {} knows none of the input's columns{}\n",
                       misfit.file, misfit.preset,
                       misfit.better.empty() ? ""
                                             : fmt::format("; they are those of a {} export", misfit.better));
    out += misfit.better.empty()
               ? "  hint: import it without --preset, or name its columns with --map 'Column=field'\n"
               : fmt::format("  hint: import it with --preset {}\n", misfit.better);
  }
  for (const auto& input : summary.inputs_without_identity) {
    append_without_identity(out, input);
  }
  append_conflicts(out, summary);
  append_shared_phones(out, summary);
  append_other_emails(out, summary);
  for (const auto& input : summary.empty_inputs) {
    out += fmt::format("leads import: warning: {}: the input is empty (no header, no rows)\n"
                       "  hint: check that the export or download that made it finished\n",
                       input);
  }
  return out;
}

} // namespace leads::import
