#include <leads/query/list.hpp>

#include <leads/csv/writer.hpp>
#include <leads/error.hpp>
#include <leads/expr/expr.hpp>
#include <leads/expr/functions.hpp>
#include <leads/lead/fields.hpp>
#include <leads/normalize/text.hpp>
#include <leads/query/sorted_rows.hpp>
#include <leads/stop.hpp>
#include <leads/text/did_you_mean.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace leads::query {

namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string all;
  for (const auto& name : names) {
    all += (all.empty() ? "" : ", ") + name;
  }
  return all;
}

// A column of the input, or email_domain where the input has an email
// column but none of that name: as in expressions, computed from the email.
struct Columns {
  const std::vector<std::string>& header;
  std::optional<std::size_t> email;

  explicit Columns(const std::vector<std::string>& h) : header(h) {
    const bool has_domain_column = std::find(h.begin(), h.end(), k_derived_field_names[0]) != h.end();
    auto it = std::find(h.begin(), h.end(), "email");
    if (it != h.end() && !has_domain_column) {
      email = static_cast<std::size_t>(it - h.begin());
    }
  }

  // The index of `name`: header.size() stands for email_domain.
  std::size_t index(std::string_view name, std::string_view option) const {
    auto it = std::find(header.begin(), header.end(), name);
    if (it != header.end()) {
      return static_cast<std::size_t>(it - header.begin());
    }
    if (email && name == k_derived_field_names[0]) {
      return header.size();
    }
    std::vector<std::string> names = header;
    std::string hint = "the columns are: " + joined(header);
    if (email) {
      names.emplace_back(k_derived_field_names[0]);
      hint += fmt::format("; and {} (from email)", k_derived_field_names[0]);
    }
    throw Error(ErrorKind::usage,
                fmt::format("unknown field '{}' in {}{}", name, option, text::did_you_mean(name, names)), "",
                0, 0, hint);
  }

  // The values of a record's columns (empty past its end); `scratch` holds
  // the computed email_domain.
  void select(const std::vector<std::size_t>& columns, const csv::Record& record, std::string& scratch,
              std::vector<std::string_view>& out) const {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const std::size_t column = columns[i];
      if (column == header.size()) {
        out[i] = *email < record.fields.size() ? expr::domain_of_email(record.fields[*email], scratch)
                                               : std::string_view();
      } else {
        out[i] = column < record.fields.size() ? record.fields[column] : std::string_view();
      }
    }
  }
};

// The column --shard reads ids from: id, else lead_id (events.csv, activities.csv).
std::size_t shard_column(const std::vector<std::string>& header) {
  for (std::string_view name : {"id", "lead_id"}) {
    if (auto it = std::find(header.begin(), header.end(), name); it != header.end()) {
      return static_cast<std::size_t>(it - header.begin());
    }
  }
  throw Error(ErrorKind::usage,
              "--shard needs the lead's id, and the input has no id column (nor lead_id, as events.csv and "
              "activities.csv have)",
              "", 0, 0,
              "shard a CSV that leads import -o or leads list wrote: its first column is id; "
              "the columns are: " +
                  joined(header));
}

// Whether a record is in the shard, by its id.
bool in_shard(const lead::Shard& shard, std::size_t column, const std::string& column_name,
              const csv::Record& record, const std::string& input) {
  const std::string_view text = column < record.fields.size() ? record.fields[column] : std::string_view();
  const auto id = lead::parse_any_case_id(text);
  if (!id) {
    throw Error(
        ErrorKind::data,
        fmt::format("'{}' in column {} is not a lead id (16 hex digits): --shard cannot place the row", text,
                    column_name),
        input, record.line, 0, "every row needs the id that leads import gave it");
  }
  return shard.contains(*id);
}

} // namespace

long list_rows(csv::Reader& reader, const ListOptions& options, render::Format format,
               render::RowPrinter::Style style, const std::function<void(std::string_view)>& write) {
  const auto& header = reader.header();
  const Columns columns(header);

  const bool sharded = options.shard.has_value() && !header.empty();
  const lead::Shard shard = options.shard.value_or(lead::Shard{});
  const std::size_t id_column = sharded ? shard_column(header) : 0;
  auto wanted = [&](const csv::Record& record) {
    return !sharded || in_shard(shard, id_column, header[id_column], record, reader.display_name());
  };

  std::optional<expr::Expression> where;
  if (options.where) {
    const bool lead_file = header.size() >= k_field_count &&
                           std::equal(k_field_names.begin(), k_field_names.end(), header.begin());
    expr::Schema schema{header, options.lists, lead_file ? options.stages : std::vector<std::string>()};
    where = expr::Expression::compile(*options.where, schema, expr::Origin{});
  }

  // The held row is: the printed fields, then any sort column not printed.
  std::vector<std::size_t> printed;
  std::vector<std::string> printed_names;
  if (options.fields.empty()) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      printed.push_back(i);
    }
    printed_names = header;
  } else {
    for (const auto& name : options.fields) {
      // "id, email": the spaces a person types after the commas are no part of the names.
      const std::string_view trimmed = text::trim(name);
      const std::size_t column = columns.index(trimmed, "--fields");
      if (std::find(printed.begin(), printed.end(), column) != printed.end()) {
        throw Error(ErrorKind::usage, fmt::format("--fields names '{}' twice", trimmed), "", 0, 0,
                    "name each field once");
      }
      printed.push_back(column);
      printed_names.emplace_back(trimmed);
    }
  }
  std::vector<std::size_t> held = printed;
  std::vector<SortKey> sort_keys;
  for (const auto& spec : options.sort) {
    const std::string_view trimmed = text::trim(spec);
    const bool descending = trimmed.starts_with('-');
    const std::string_view name = trimmed.substr(descending || trimmed.starts_with('+') ? 1 : 0);
    std::size_t column = columns.index(name, "--sort");
    auto it = std::find(held.begin(), held.end(), column);
    if (it == held.end()) {
      held.push_back(column);
      it = held.end() - 1;
    }
    sort_keys.push_back({static_cast<std::size_t>(it - held.begin()), descending});
  }

  // CSV goes through the CSV module's writer, which writes every record so
  // that it reads back as one (a lone empty value as "", not a blank line
  // that readers skip); the other formats through the row printer.
  const bool csv_format = format == render::Format::csv;
  render::RowPrinter printer(format, printed_names, style);
  std::string out;
  if (!csv_format) {
    printer.begin(out);
  } else if (!printed_names.empty()) { // no columns: no header line (a blank line is none)
    csv::append_row(out, std::span<const std::string>(printed_names));
  }
  auto print = [&](const std::vector<std::string_view>& row) {
    if (csv_format) {
      csv::append_row(out, std::span<const std::string_view>(row));
    } else {
      printer.row(out, row);
    }
  };
  expr::Context context{options.now};
  long printed_rows = 0;
  const long limit = options.limit.value_or(-1);
  std::vector<std::string_view> values(printed.size());

  long read_rows = 0;
  // Ctrl-C: stop between rows (a -o file is then not written at all).
  auto poll_stop = [&] {
    if (++read_rows % 4096 == 0) {
      throw_if_stop_requested();
    }
  };
  auto flush_if_big = [&] {
    if (out.size() > (1 << 20)) {
      write(out);
      out.clear();
    }
  };

  csv::Record record;
  std::string domain; // of the row being selected
  if (sort_keys.empty()) {
    while ((limit < 0 || printed_rows < limit) && reader.next(record)) {
      poll_stop();
      if (!wanted(record) || (where && !where->matches(record.fields, context))) {
        continue;
      }
      columns.select(printed, record, domain, values);
      print(values);
      ++printed_rows;
      flush_if_big();
    }
  } else {
    SortedRows rows(held.size(), sort_keys,
                    limit >= 0 ? std::optional<std::size_t>(static_cast<std::size_t>(limit)) : std::nullopt);
    std::vector<std::string_view> held_values(held.size());
    while (reader.next(record)) {
      poll_stop();
      if (!wanted(record) || (where && !where->matches(record.fields, context))) {
        continue;
      }
      columns.select(held, record, domain, held_values);
      rows.add(held_values);
    }
    rows.emit([&](std::span<const std::string_view> row) {
      std::copy_n(row.begin(), printed.size(), values.begin());
      print(values);
      ++printed_rows;
      flush_if_big();
    });
  }
  if (!csv_format) {
    printer.end(out);
  }
  write(out);
  return printed_rows;
}

} // namespace leads::query
