#include <leads/report/lead_table.hpp>

#include <leads/csv/encoding.hpp>
#include <leads/error.hpp>
#include <leads/lead/fields.hpp>
#include <leads/normalize/date.hpp>
#include <leads/normalize/text.hpp>
#include <leads/report/line_reader.hpp>
#include <leads/stop.hpp>
#include <leads/text/did_you_mean.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <exception>
#include <iterator>
#include <map>
#include <sys/stat.h>
#include <thread>

namespace leads::report::detail {

namespace {

constexpr std::string_view k_check_hint =
    "run 'leads check' to list the store's problems, then fix leads.csv";

// Text trimmed and in lower case, as ids and emails match in referred_by.
void key_of(std::string_view text, std::string& out) {
  text = text::trim(text);
  out.assign(text);
  for (char& c : out) {
    c = text::ascii_lower_char(c);
  }
}

// What one byte range of leads.csv holds.
struct Part {
  std::vector<std::uint64_t> ids; // of the shard's leads
  std::vector<LeadRow> rows;      // group, source and owner in this part's interners
  Interner groups, sources, owners;
  std::vector<WonLead> won;
  std::vector<Referral> referrals; // lead: this part's row
  std::map<std::string, long> other_stages;
  // The first and last id of the range, of any shard (for the order check).
  std::optional<std::uint64_t> first_id, last_id;
  std::uint64_t end_offset = 0; // where its last record ended
  std::exception_ptr error;
};

// Text that goes into a report: the store is UTF-8; a cell that is not is an error at its line.
std::string_view checked(std::string_view text, const std::string& name, long line) {
  if (csv::check_utf8(text).valid != text.size()) {
    throw Error(ErrorKind::data, "the text is not UTF-8", name, line, 0, std::string(k_check_hint));
  }
  return text;
}

void read_part(const std::string& name, int fd, std::uint64_t begin, std::uint64_t end,
               const StageSet& stages, std::optional<std::size_t> by_column, long line_offset,
               lead::Shard shard, Part& part) {
  LineReader reader(fd, name, begin, end);
  part.groups.id("");
  part.sources.id("");
  part.owners.id("");
  std::vector<std::string_view> f;
  std::string scratch;
  std::string key;
  std::string own;
  std::string_view record;
  bool quoted = false;
  long read = 0;
  constexpr std::size_t k_stage = field_index(Field::stage);
  while (reader.next(record, quoted)) {
    if ((++read & 4095) == 0) {
      throw_if_stop_requested();
    }
    const long line = reader.line() + line_offset;
    split_record(record, f, scratch);
    auto field = [&](Field which) {
      const std::size_t i = field_index(which);
      return i < f.size() ? f[i] : std::string_view();
    };
    const std::string_view id_text = f[0];
    const auto id = parse_hex_id(id_text);
    if (!id) {
      throw Error(ErrorKind::data,
                  fmt::format("id '{}' is not 16 lower-case hex digits", checked(id_text, name, line)), name,
                  line, 1, std::string(k_check_hint));
    }
    if (part.last_id && *id <= *part.last_id) {
      throw Error(ErrorKind::data,
                  fmt::format("id '{}' is {} the one before it: the store must be sorted by id", id_text,
                              *id == *part.last_id ? "the same as" : "smaller than"),
                  name, line, 1, std::string(k_check_hint));
    }
    part.first_id = part.first_id.value_or(*id);
    part.last_id = *id;
    if (!shard.contains(*id)) {
      continue;
    }
    const auto lead = static_cast<std::uint32_t>(part.rows.size());
    part.ids.push_back(*id);
    LeadRow row;
    const std::string_view stage = k_stage < f.size() ? f[k_stage] : std::string_view();
    row.stage = stages.find(stage);
    if (row.stage == k_no_stage) {
      ++part.other_stages[std::string(checked(stage, name, line))];
    }
    row.source = part.sources.id(checked(field(Field::source), name, line));
    row.owner = part.owners.id(checked(field(Field::owner), name, line));
    if (by_column) {
      row.group =
          part.groups.id(checked(*by_column < f.size() ? f[*by_column] : std::string_view(), name, line));
    }
    const bool won = row.stage != k_no_stage && (stages.won & bit(row.stage)) != 0;
    const std::string_view email = field(Field::email);
    if (won) {
      const std::string_view first = checked(text::trim(field(Field::first_name)), name, line);
      const std::string_view last = checked(text::trim(field(Field::last_name)), name, line);
      WonLead& w = part.won.emplace_back();
      w.id = *id;
      w.id_text = id_text;
      w.name = first;
      w.name += !first.empty() && !last.empty() ? " " : "";
      w.name += last;
      w.email = checked(email, name, line);
    }
    key_of(field(Field::referred_by), key);
    if (!key.empty()) {
      Referral& r = part.referrals.emplace_back();
      r.lead = lead;
      r.key = key;
      r.created_at = normalize::parse_iso(text::trim(field(Field::created_at)));
      if (won) {
        key_of(id_text, own);
        bool self = own == key;
        key_of(email, own);
        self = self || own == key;
        r.self = self ? std::optional(*id) : std::nullopt;
      }
      row.referred = true;
    }
    part.rows.push_back(row);
  }
  part.end_offset = reader.offset();
}

// Maps a part's interned texts to the table's.
std::vector<std::uint32_t> remap(const Interner& from, Interner& to) {
  std::vector<std::uint32_t> ids(from.size());
  for (std::uint32_t i = 0; i < from.size(); ++i) {
    ids[i] = to.id(from.text(i));
  }
  return ids;
}

} // namespace

void IdIndex::build(const std::vector<std::uint64_t>* sorted_ids) {
  m_ids = sorted_ids;
  const std::size_t n = sorted_ids->size();
  if (n == 0) {
    m_first.clear();
    return;
  }
  // About two ids per bucket: 2^bits buckets for n ids.
  const unsigned bits = n <= 2 ? 0 : static_cast<unsigned>(std::bit_width((n - 1) / 2));
  m_shift = 64 - bits;
  const std::size_t buckets = std::size_t{1} << bits;
  m_first.assign(buckets + 1, 0);
  std::size_t row = 0;
  for (std::size_t b = 0; b < buckets; ++b) {
    m_first[b] = static_cast<std::uint32_t>(row);
    while (row < n && bucket((*sorted_ids)[row]) == b) {
      ++row;
    }
  }
  m_first[buckets] = static_cast<std::uint32_t>(n);
}

LeadTable read_leads(const std::filesystem::path& leads_file, const StageSet& stages,
                     const std::optional<std::string>& by, std::size_t parts, std::uint64_t least,
                     lead::Shard shard) {
  LeadTable table;
  const std::string name = leads_file.string();
  table.groups.id("");
  table.sources.id("");
  table.owners.id("");
  const int fd = open_file(name);
  FileCloser closer(fd);
  std::vector<std::string> header;
  std::uint64_t size = 0;
  std::uint64_t body = 0;
  long header_line = 0;
  if (fd >= 0) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
      throw Error(ErrorKind::io, fmt::format("cannot read: {}", std::strerror(errno)), name);
    }
    size = static_cast<std::uint64_t>(st.st_size);
    LineReader reader(fd, name, 0, size);
    std::string_view record;
    bool quoted = false;
    if (reader.next(record, quoted)) {
      std::vector<std::string_view> fields;
      std::string scratch;
      split_record(record, fields, scratch);
      header.assign(fields.begin(), fields.end());
      body = reader.offset();
      header_line = reader.line();
    }
  }
  bool canonical = header.size() >= k_field_count;
  for (std::size_t i = 0; canonical && i < k_field_count; ++i) {
    canonical = header[i] == k_field_names[i];
  }
  if (!canonical && !header.empty()) {
    throw Error(ErrorKind::data, "the header does not start with the canonical lead columns", name,
                header_line, 1, std::string(k_check_hint));
  }
  std::optional<std::size_t> by_column;
  if (by) {
    const std::vector<std::string> names =
        header.empty() ? std::vector<std::string>(k_field_names.begin(), k_field_names.end()) : header;
    auto found = std::find(names.begin(), names.end(), *by);
    if (found == names.end()) {
      throw Error(
          ErrorKind::usage, fmt::format("unknown field '{}' in --by{}", *by, text::did_you_mean(*by, names)),
          "", 0, 0,
          fmt::format("--by takes a column of leads.csv: source, campaign, owner, country, ... ({} in all)",
                      names.size()));
    }
    by_column = static_cast<std::size_t>(found - names.begin());
  }
  if (body >= size) {
    table.index.build(&table.ids);
    return table;
  }

  // The body in byte ranges, one thread each. A range that starts inside a
  // quoted line break shows as the range before it ending past its start:
  // then that range's reader goes on to the end alone.
  const std::vector<std::uint64_t> points = split_points(fd, body, size, parts, least);
  std::vector<Part> read(points.size() - 1);
  auto run = [&](std::size_t k, std::uint64_t begin, std::uint64_t end, long line_offset) {
    try {
      read_part(name, fd, begin, end, stages, by_column, line_offset, shard, read[k]);
    } catch (...) {
      read[k].error = std::current_exception();
    }
  };
  {
    std::vector<std::thread> threads;
    for (std::size_t k = 1; k + 1 < points.size(); ++k) {
      threads.emplace_back(run, k, points[k], points[k + 1], 0);
    }
    run(0, points[0], points[1], header_line);
    for (std::thread& t : threads) {
      t.join();
    }
  }
  // Every range must start where the one before ended. When one does not, or
  // fails (its line numbers count from its start), read the body again as one.
  bool whole = true;
  for (std::size_t k = 0; k < read.size(); ++k) {
    whole = whole && !read[k].error && (k + 1 == read.size() || read[k].end_offset == points[k + 1]);
  }
  if (!whole && read.size() > 1) {
    read.assign(1, Part{});
    run(0, points[0], size, header_line);
  }
  if (read.front().error) {
    std::rethrow_exception(read.front().error);
  }
  std::map<std::string, long> other_stages;
  std::optional<std::uint64_t> last_id;
  for (Part& part : read) {
    if (last_id && part.first_id && *part.first_id <= *last_id) {
      throw Error(ErrorKind::data, "ids are not in increasing order: the store must be sorted by id", name, 0,
                  0, std::string(k_check_hint));
    }
    last_id = part.last_id ? part.last_id : last_id;
    const auto base = static_cast<std::uint32_t>(table.rows.size());
    const auto groups = remap(part.groups, table.groups);
    const auto sources = remap(part.sources, table.sources);
    const auto owners = remap(part.owners, table.owners);
    for (LeadRow row : part.rows) {
      row.group = groups[row.group];
      row.source = sources[row.source];
      row.owner = owners[row.owner];
      table.rows.push_back(row);
    }
    table.ids.insert(table.ids.end(), part.ids.begin(), part.ids.end());
    std::move(part.won.begin(), part.won.end(), std::back_inserter(table.won));
    for (Referral& r : part.referrals) {
      r.lead += base;
      table.referrals.push_back(std::move(r));
    }
    for (const auto& [stage, count] : part.other_stages) {
      other_stages[stage] += count;
    }
    part = Part{};
  }
  table.index.build(&table.ids);
  table.other_stages.assign(other_stages.begin(), other_stages.end());
  return table;
}

} // namespace leads::report::detail
