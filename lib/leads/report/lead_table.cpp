#include <leads/report/lead_table.hpp>

#include <leads/csv/reader.hpp>
#include <leads/error.hpp>
#include <leads/lead/fields.hpp>
#include <leads/normalize/date.hpp>
#include <leads/normalize/text.hpp>
#include <leads/stop.hpp>
#include <leads/text/did_you_mean.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <map>
#include <sys/stat.h>
#include <unordered_map>

namespace leads::report::detail {

namespace {

constexpr std::string_view k_check_hint =
    "run 'leads check' to list the store's problems, then fix leads.csv";

std::string lower_trimmed(std::string_view text) {
  return normalize::ascii_lower(normalize::trim(text));
}

} // namespace

std::optional<std::uint64_t> parse_hex_id(std::string_view text) {
  if (text.size() != 16) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  for (char c : text) {
    unsigned digit = 0;
    if (c >= '0' && c <= '9') {
      digit = static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<unsigned>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      digit = static_cast<unsigned>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
    value = value << 4 | digit;
  }
  return value;
}

void IdIndex::build(const std::vector<std::uint64_t>* sorted_ids) {
  m_ids = sorted_ids;
  const std::size_t n = sorted_ids->size();
  // About one id per bucket: 2^bits buckets for n ids.
  const unsigned bits = n <= 1 ? 0 : static_cast<unsigned>(std::bit_width(n - 1));
  m_shift = 64 - bits;
  const std::size_t buckets = std::size_t{1} << bits;
  m_first.assign(buckets + 1, 0);
  std::size_t row = 0;
  for (std::size_t b = 0; b < buckets; ++b) {
    m_first[b] = static_cast<std::uint32_t>(row);
    while (row < n && (bits == 0 ? 0 : (*sorted_ids)[row] >> m_shift) == b) {
      ++row;
    }
  }
  m_first[buckets] = static_cast<std::uint32_t>(n);
}

LeadTable read_leads(const std::filesystem::path& leads_file, const StageSet& stages,
                     const std::optional<std::string>& by) {
  LeadTable table;
  const std::string name = leads_file.string();
  struct stat st {};
  if (::stat(leads_file.c_str(), &st) != 0 && errno == ENOENT) {
    if (by && !field_from_name(*by)) {
      throw Error(ErrorKind::usage, fmt::format("unknown field '{}' in --by", *by), "", 0, 0,
                  "the store is empty; --by takes a column of leads.csv");
    }
    table.index.build(&table.ids);
    return table;
  }
  csv::ReaderOptions options;
  options.display_name = name;
  options.delimiter = ',';
  auto reader = csv::Reader::open(name, options);
  const std::vector<std::string>& header = reader->header();
  bool canonical = header.size() >= k_field_count;
  for (std::size_t i = 0; canonical && i < k_field_count; ++i) {
    canonical = header[i] == k_field_names[i];
  }
  if (!canonical && !header.empty()) {
    throw Error(ErrorKind::data, "the header does not start with the canonical lead columns", name,
                reader->header_line(), 1, std::string(k_check_hint));
  }
  std::optional<std::size_t> by_column;
  if (by) {
    auto found = std::find(header.begin(), header.end(), *by);
    if (found == header.end()) {
      std::vector<std::string> names =
          header.empty() ? std::vector<std::string>(k_field_names.begin(), k_field_names.end()) : header;
      throw Error(
          ErrorKind::usage, fmt::format("unknown field '{}' in --by{}", *by, text::did_you_mean(*by, names)),
          "", 0, 0,
          fmt::format("--by takes a column of leads.csv: source, campaign, owner, country, ... ({} in all)",
                      names.size()));
    }
    by_column = static_cast<std::size_t>(found - header.begin());
  }
  table.groups.id("");
  table.sources.id("");
  table.owners.id("");

  constexpr std::size_t k_id = field_index(Field::id);
  constexpr std::size_t k_stage = field_index(Field::stage);
  // Leads in a won stage now, by lower-case id and email, for referred_by.
  std::unordered_map<std::string, std::uint32_t> won_keys;
  struct Pending {
    std::uint32_t lead;
    std::string key;
    std::optional<std::int64_t> created_at;
  };
  std::vector<Pending> pending;
  struct WonLead {
    std::string id, name, email;
  };
  std::unordered_map<std::uint32_t, WonLead> won_leads;
  std::map<std::string, long> other_stages;

  csv::Record record;
  while (reader->next(record)) {
    if ((table.rows.size() & 4095) == 0) {
      throw_if_stop_requested();
    }
    const auto& f = record.fields;
    auto field = [&](Field which) {
      const std::size_t i = field_index(which);
      return i < f.size() ? f[i] : std::string_view();
    };
    const std::string_view id_text = f.empty() ? std::string_view() : f[k_id];
    const auto id = parse_hex_id(id_text);
    if (!id) {
      throw Error(ErrorKind::data, fmt::format("id '{}' is not 16 lower-case hex digits", id_text), name,
                  record.line, 1, std::string(k_check_hint));
    }
    if (!table.ids.empty() && *id <= table.ids.back()) {
      throw Error(ErrorKind::data,
                  fmt::format("id '{}' is {} the one before it: the store must be sorted by id", id_text,
                              *id == table.ids.back() ? "the same as" : "smaller than"),
                  name, record.line, 1, std::string(k_check_hint));
    }
    const auto lead = static_cast<std::uint32_t>(table.rows.size());
    table.ids.push_back(*id);
    LeadRow row;
    const std::string_view stage = k_stage < f.size() ? f[k_stage] : std::string_view();
    row.stage = stages.find(stage);
    if (row.stage == k_no_stage) {
      ++other_stages[std::string(stage)];
    }
    row.source = table.sources.id(field(Field::source));
    row.owner = table.owners.id(field(Field::owner));
    if (by_column) {
      row.group = table.groups.id(*by_column < f.size() ? f[*by_column] : std::string_view());
    }
    if (row.stage != k_no_stage && (stages.won & bit(row.stage)) != 0) {
      const std::string_view first = normalize::trim(field(Field::first_name));
      const std::string_view last = normalize::trim(field(Field::last_name));
      std::string full(first);
      if (!first.empty() && !last.empty()) {
        full += ' ';
      }
      full += last;
      won_leads.emplace(lead,
                        WonLead{std::string(id_text), std::move(full), std::string(field(Field::email))});
      won_keys.emplace(lower_trimmed(id_text), lead);
      if (std::string email = lower_trimmed(field(Field::email)); !email.empty()) {
        won_keys.emplace(std::move(email), lead);
      }
    }
    if (std::string key = lower_trimmed(field(Field::referred_by)); !key.empty()) {
      pending.push_back(
          {lead, std::move(key), normalize::parse_iso(normalize::trim(field(Field::created_at)))});
    }
    table.rows.push_back(row);
  }
  table.index.build(&table.ids);

  std::unordered_map<std::uint32_t, std::uint32_t> advocate_of_lead;
  for (Pending& p : pending) {
    auto found = won_keys.find(p.key);
    if (found == won_keys.end() || found->second == p.lead) {
      continue;
    }
    auto [at, fresh] =
        advocate_of_lead.emplace(found->second, static_cast<std::uint32_t>(table.advocates.size()));
    if (fresh) {
      WonLead& won = won_leads.at(found->second);
      table.advocates.push_back(
          {found->second, std::move(won.id), std::move(won.name), std::move(won.email)});
    }
    table.rows[p.lead].referred = true;
    table.referrals.push_back({p.lead, at->second, p.created_at});
  }
  for (auto& [stage, count] : other_stages) {
    table.other_stages.emplace_back(stage, count);
  }
  return table;
}

} // namespace leads::report::detail
