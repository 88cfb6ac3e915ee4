// Writes a synthetic workspace store for benchmarks of `leads report`:
// leads.csv (N leads, canonical columns, sorted by id) and events.csv (their
// history, in run order), into DIR. A realistic funnel over the year before
// --now, with the default stages of leads.yaml: leads are created every day
// (fewer at weekends) from sources at different rates, engage, become mqls,
// are handed to reps with an owner event, move on or are recycled,
// disqualified or lost with a reason, win, refer others, become advocates or
// churn; daily scores add events without moves. events.csv is in the order
// runs would append it: per day, the day's events by lead id, with a share of
// stage changes backfilled by a later import (older than its run, as CRM
// exports bring them). The output depends only on the arguments: the
// generator uses its own PRNG (splitmix64), never the standard library's
// distributions, whose results differ between libraries.
//
//   leads-bench-history DIR [N] [--seed S] [--now 2026-11-27T00:00:00Z] [--events-per-lead 5.2]
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

// splitmix64: tiny, fast and the same on every platform.
class Random {
public:
  explicit Random(std::uint64_t seed) : m_state(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  // A uniform number in [0, 1), from 53 bits.
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  // Seconds of an exponential delay with the given mean in hours (at least a minute).
  std::int64_t delay_hours(double mean) {
    const double hours = -std::log(1.0 - unit()) * mean;
    return std::max<std::int64_t>(60, static_cast<std::int64_t>(hours * 3600));
  }
  template <typename T, std::size_t N> const T& pick(const T (&items)[N]) { return items[below(N)]; }

private:
  std::uint64_t m_state;
};

constexpr std::int64_t k_day = 86400;

// Stage numbers, in the order of the default leads.yaml.
enum Stage : int {
  s_new,
  s_engaged,
  s_mql,
  s_sal,
  s_sql,
  s_opportunity,
  s_customer,
  s_advocate,
  s_churned,
  s_recycled,
  s_disqualified,
  s_lost,
};
constexpr std::string_view k_stages[] = {"new",     "engaged",     "mql",          "sal",
                                         "sql",     "opportunity", "customer",     "advocate",
                                         "churned", "recycled",    "disqualified", "lost"};

struct Source {
  std::string_view name;
  double weight;
  double quality; // multiplies the chances of moving on
};
constexpr Source k_sources[] = {{"web", 30, 1.0},      {"ads", 22, 0.75},    {"webinar", 12, 1.15},
                                {"event", 8, 1.1},     {"partner", 7, 1.2},  {"organic", 14, 0.95},
                                {"referral", 4, 1.45}, {"cold-call", 3, 0.6}};
constexpr std::string_view k_campaigns[] = {
    "spring-launch", "q2-webinars", "summer-sale", "black-friday", "brand", "retargeting", "", "newsletter"};
constexpr std::string_view k_reps[] = {"ana", "ben", "cy", "dee", "eli", "fay", "gus", "hal"};
constexpr std::string_view k_first[] = {
    "James", "Mary",   "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Emma",
    "Lucas", "Sophia", "Noah",   "Priya",    "Wei",  "Yuki",     "Lena",    "Jonas", "Chloé", "Mateo"};
constexpr std::string_view k_last[] = {
    "Smith",   "Johnson", "Williams", "Brown",  "Jones", "Garcia", "Miller", "Davis", "Martin", "Müller",
    "Schmidt", "Dubois",  "Rossi",    "Tanaka", "Kumar", "Chen",   "Novak",  "Silva", "Moreau", "Larsen"};
constexpr std::string_view k_companies[] = {
    "Acme",      "Globex",  "Initech",  "Umbrella",   "Hooli",   "Stark",     "Wayne", "Tyrell",
    "Cyberdyne", "Soylent", "Vandelay", "Pied Piper", "Massive", "Gringotts", "Wonka", "Oscorp"};
constexpr std::string_view k_titles[] = {
    "VP Sales", "Head of Marketing", "Director of IT",  "CTO",    "Engineer", "Marketing Manager",
    "Analyst",  "Founder",           "Operations Lead", "Student"};
constexpr std::string_view k_countries[] = {"US", "US", "US", "GB", "DE", "FR",
                                            "NL", "CA", "BR", "IN", "JP", "ES"};
constexpr std::string_view k_industries[] = {"Software",      "Finance",   "Healthcare", "Retail",
                                             "Manufacturing", "Education", "Insurance",  "Media"};
constexpr std::string_view k_disqualify[] = {"student", "competitor", "no budget", "wrong country", "spam"};
constexpr std::string_view k_recycle[] = {"no reply in 14 days", "not ready", "timing: next quarter",
                                          "no budget this year", "went silent"};
constexpr std::string_view k_lose[] = {"price",  "lost to competitor", "no decision",
                                       "timing", "missing feature",    "budget cut"};
constexpr std::string_view k_churn[] = {"price", "switched vendor", "company closed", "low usage"};

// Days since 1970-01-01 (H. Hinnant's days_from_civil) and back.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0));
}

void append_time(std::string& out, std::int64_t at) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  const std::int64_t day = at >= 0 ? at / k_day : (at - k_day + 1) / k_day;
  civil_from_days(day, y, m, d);
  const std::int64_t s = at - day * k_day;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, m, d, static_cast<int>(s / 3600),
                static_cast<int>(s / 60 % 60), static_cast<int>(s % 60));
  out += buffer;
}

std::int64_t parse_time(const char* text) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  int hh = 0;
  int mm = 0;
  int ss = 0;
  if (std::sscanf(text, "%d-%u-%uT%d:%d:%dZ", &y, &m, &d, &hh, &mm, &ss) < 3) {
    std::fprintf(stderr, "leads-bench-history: --now takes 2026-11-27T00:00:00Z\n");
    std::exit(2);
  }
  return days_from_civil(y, m, d) * k_day + hh * 3600 + mm * 60 + ss;
}

// A CSV field: quoted when it holds a comma, quote or line break.
void append_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  out += '"';
}

enum Kind : std::uint8_t { k_created, k_stage, k_owner, k_score, k_merged };
constexpr std::string_view k_kinds[] = {"created", "stage", "owner", "score", "merged"};

struct Event {
  std::int64_t run_day; // the day of the run that appended it
  std::int64_t at;
  std::uint32_t lead;
  Kind kind;
  std::int8_t from;
  std::int8_t to;
  std::uint8_t rep;     // owner events
  std::uint16_t reason; // index into the reasons of the stage entered; 0xFFFF none
};

struct Lead {
  std::uint64_t id;
  std::uint32_t serial;
  std::int64_t created;
  std::int64_t stage_at;
  std::int8_t stage;
  std::int8_t source;
  std::int8_t rep; // -1 none
  std::int32_t referrer = -1;
  std::int32_t score;
};

std::string_view reason_text(int stage, std::uint16_t reason) {
  switch (stage) {
  case s_disqualified:
    return k_disqualify[reason % std::size(k_disqualify)];
  case s_recycled:
    return k_recycle[reason % std::size(k_recycle)];
  case s_lost:
    return k_lose[reason % std::size(k_lose)];
  case s_churned:
    return k_churn[reason % std::size(k_churn)];
  default:
    return "";
  }
}

std::uint64_t id_of(std::uint32_t serial, std::uint64_t seed) {
  std::uint64_t z = (serial + 1) * 0x9e3779b97f4a7c15ULL ^ seed * 0xd1b54a32d192ed03ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A lead's company and email follow from its serial, so that referred_by can name a referrer.
std::string_view company_of(std::uint64_t id) {
  return k_companies[(id >> 7) % std::size(k_companies)];
}

std::string email_of(std::uint32_t serial, std::uint64_t id) {
  std::string email = "lead" + std::to_string(serial) + "@";
  for (char c : company_of(id)) {
    if (c != ' ') {
      email += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
  }
  return email + ".example";
}

[[noreturn]] void usage() {
  std::fprintf(stderr, "usage: leads-bench-history DIR [N] [--seed S] [--now 2026-11-27T00:00:00Z] "
                       "[--events-per-lead 5.2]\n");
  std::exit(2);
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage();
  }
  const std::string dir = argv[1];
  std::uint64_t n = 1000000;
  std::uint64_t seed = 1;
  std::int64_t now = parse_time("2026-11-27T00:00:00Z");
  double events_per_lead = 5.2;
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--seed" && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--now" && i + 1 < argc) {
      now = parse_time(argv[++i]);
    } else if (arg == "--events-per-lead" && i + 1 < argc) {
      events_per_lead = std::strtod(argv[++i], nullptr);
    } else if (!arg.empty() && arg[0] != '-') {
      n = std::strtoull(argv[i], nullptr, 10);
    } else {
      usage();
    }
  }
  Random random(seed);
  const std::int64_t first_day = now / k_day - 365;
  double total_weight = 0;
  for (const Source& s : k_sources) {
    total_weight += s.weight;
  }

  std::vector<Lead> leads(n);
  std::vector<Event> events;
  events.reserve(static_cast<std::size_t>(static_cast<double>(n) * (events_per_lead + 1)));
  std::vector<std::uint32_t> customers; // serials of leads that won, for referrals
  auto add = [&](std::int64_t at, std::uint32_t lead, Kind kind, int from, int to, int rep, int reason) {
    // Most runs record what happened that day; an import now and then brings
    // older stage dates (backfill), recorded days or weeks later.
    std::int64_t run_day = at / k_day;
    if (kind == k_stage && random.chance(0.08)) {
      run_day += 1 + static_cast<std::int64_t>(random.below(40));
    }
    events.push_back({std::min(run_day, now / k_day), at, lead, kind, static_cast<std::int8_t>(from),
                      static_cast<std::int8_t>(to), static_cast<std::uint8_t>(rep < 0 ? 0 : rep),
                      static_cast<std::uint16_t>(reason < 0 ? 0xFFFF : reason)});
  };

  for (std::uint32_t i = 0; i < n; ++i) {
    Lead& lead = leads[i];
    lead.serial = i;
    lead.id = id_of(i, seed);
    // Created through the year, more in the later months, fewer at weekends.
    std::int64_t day = 0;
    do {
      day = first_day + static_cast<std::int64_t>(std::sqrt(random.unit()) * 365);
    } while ((day + 3) % 7 >= 5 && random.chance(0.6));
    const std::int64_t created = day * k_day + static_cast<std::int64_t>(random.below(k_day));
    double pick = random.unit() * total_weight;
    int source = 0;
    while (pick >= k_sources[source].weight && source + 1 < static_cast<int>(std::size(k_sources))) {
      pick -= k_sources[source].weight;
      ++source;
    }
    lead.source = static_cast<std::int8_t>(source);
    lead.created = created;
    lead.rep = -1;
    const double q = k_sources[source].quality;
    if (k_sources[source].name == "referral" && !customers.empty()) {
      lead.referrer = static_cast<std::int32_t>(customers[random.below(customers.size())]);
    }

    int stage = s_new;
    std::int64_t at = created;
    add(at, i, k_created, -1, s_new, -1, -1);
    auto move = [&](int to, double mean_hours, int reason) {
      const std::int64_t next = at + random.delay_hours(mean_hours);
      if (next > now) {
        return false;
      }
      add(next, i, k_stage, stage, to, -1, reason);
      stage = to;
      at = next;
      return true;
    };
    // The walk through the funnel; each move may fall after now (then the
    // lead stays where it is).
    bool going = true;
    for (int round = 0; going && round < 3; ++round) {
      if (stage == s_new || stage == s_recycled) {
        if (random.chance(0.55 * q)) {
          going = move(s_engaged, 24 * 4, -1);
        } else if (random.chance(0.12)) {
          going = move(s_disqualified, 24 * 2, static_cast<int>(random.below(5)));
          break;
        } else {
          break;
        }
      }
      if (!going || !random.chance(0.6 * q)) {
        break;
      }
      going = move(s_mql, 24 * 6, -1);
      if (!going || !random.chance(0.8)) {
        break;
      }
      // The handoff: an owner event and the move to sal, at the same second.
      const std::int64_t handoff = at + random.delay_hours(20);
      if (handoff > now) {
        break;
      }
      lead.rep = static_cast<std::int8_t>(random.below(std::size(k_reps)));
      add(handoff, i, k_owner, -1, -1, lead.rep, -1);
      add(handoff, i, k_stage, stage, s_sal, -1, -1);
      stage = s_sal;
      at = handoff;
      // Accepted within the SLA mostly; some reps are slower.
      const double accept_hours = 10 + 6 * lead.rep;
      if (random.chance(0.58 * q)) {
        going = move(s_sql, accept_hours, -1);
      } else if (random.chance(0.6)) {
        going = move(s_recycled, accept_hours * 2, static_cast<int>(random.below(5)));
        continue;
      } else {
        going = move(s_disqualified, accept_hours, static_cast<int>(random.below(5)));
        break;
      }
      if (!going) {
        break;
      }
      if (random.chance(0.55 * q)) {
        going = move(s_opportunity, 24 * 7, -1);
      } else {
        going = move(random.chance(0.5) ? s_recycled : s_lost, 24 * 10, static_cast<int>(random.below(6)));
        if (stage == s_recycled) {
          continue;
        }
        break;
      }
      if (!going) {
        break;
      }
      if (random.chance(0.38 * q)) {
        going = move(s_customer, 24 * 21, -1);
        if (going) {
          customers.push_back(i);
          if (random.chance(0.2)) {
            going = move(s_advocate, 24 * 45, -1);
          } else if (random.chance(0.1)) {
            going = move(s_churned, 24 * 90, static_cast<int>(random.below(4)));
          }
        }
      } else {
        going = move(s_lost, 24 * 14, static_cast<int>(random.below(6)));
      }
      break;
    }
    lead.stage = static_cast<std::int8_t>(stage);
    lead.stage_at = at;
    // Score events (no moves) fill the history up to events_per_lead a lead.
    lead.score = static_cast<std::int32_t>(random.below(100));
    const double scores = std::max(0.0, events_per_lead - 3.2) * 2 * random.unit();
    for (int k = 0; k < static_cast<int>(scores + 0.5); ++k) {
      const std::int64_t when =
          created + static_cast<std::int64_t>(random.unit() * static_cast<double>(now - created));
      add(when, i, k_score, -1, -1, -1, -1);
    }
  }

  // events.csv in run order: per run day, by lead id, then time.
  std::sort(events.begin(), events.end(), [&](const Event& a, const Event& b) {
    if (a.run_day != b.run_day) {
      return a.run_day < b.run_day;
    }
    if (a.lead != b.lead) {
      return leads[a.lead].id < leads[b.lead].id;
    }
    return a.at < b.at;
  });

  std::string out;
  out.reserve(1 << 22);
  auto flush = [&](std::FILE* f, bool all) {
    if (all || out.size() > (1 << 21)) {
      std::fwrite(out.data(), 1, out.size(), f);
      out.clear();
    }
  };
  auto hex = [](std::uint64_t id) {
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(id));
    return std::string(buffer, 16);
  };
  const std::string events_path = dir + "/events.csv";
  std::FILE* ef = std::fopen(events_path.c_str(), "wb");
  if (ef == nullptr) {
    std::perror(events_path.c_str());
    return 74;
  }
  out += "at,lead_id,kind,from,to,actor,note\n";
  for (const Event& e : events) {
    append_time(out, e.at);
    out += ',';
    out += hex(leads[e.lead].id);
    out += ',';
    out += k_kinds[e.kind];
    out += ',';
    if (e.kind == k_stage) {
      out += k_stages[e.from];
    }
    out += ',';
    if (e.kind == k_stage || e.kind == k_created) {
      out += k_stages[e.to];
    } else if (e.kind == k_owner) {
      out += k_reps[e.rep];
    }
    out += ',';
    switch (e.kind) {
    case k_created:
      out += "import,";
      char note[64];
      std::snprintf(note, sizeof note, "export-%lld.csv:%u", static_cast<long long>(e.run_day),
                    leads[e.lead].serial % 5000 + 2);
      out += note;
      break;
    case k_stage:
      out += e.to == s_sal ? "handoff," : "move,";
      if (e.reason != 0xFFFF) {
        append_field(out, reason_text(e.to, e.reason));
      }
      break;
    case k_owner:
      out += "handoff,";
      break;
    default:
      out += "score,";
      break;
    }
    out += '\n';
    flush(ef, false);
  }
  flush(ef, true);
  std::fclose(ef);

  // leads.csv, sorted by id.
  std::vector<std::uint32_t> order(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    order[i] = i;
  }
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return leads[a].id < leads[b].id; });
  const std::string leads_path = dir + "/leads.csv";
  std::FILE* lf = std::fopen(leads_path.c_str(), "wb");
  if (lf == nullptr) {
    std::perror(leads_path.c_str());
    return 74;
  }
  out +=
      "id,external_id,email,first_name,last_name,company,title,phone,country,city,industry,employees,website,"
      "source,campaign,stage,owner,score,fit,engagement,grade,do_not_contact,referred_by,created_at,updated_"
      "at,"
      "stage_at\n";
  Random values(seed ^ 0x5eed);
  for (std::uint32_t i : order) {
    const Lead& lead = leads[i];
    const std::string_view first = k_first[values.below(std::size(k_first))];
    const std::string_view last = k_last[values.below(std::size(k_last))];
    const std::string_view company = company_of(lead.id);
    const std::string email = email_of(lead.serial, lead.id);
    const std::string domain = email.substr(email.find('@') + 1);
    char buffer[256];
    out += hex(lead.id);
    std::snprintf(buffer, sizeof buffer, ",HS-%u,%s,", lead.serial + 100000, email.c_str());
    out += buffer;
    append_field(out, first);
    out += ',';
    append_field(out, last);
    out += ',';
    append_field(out, company);
    out += ',';
    out += k_titles[values.below(std::size(k_titles))];
    std::snprintf(buffer, sizeof buffer, ",+1555%07u,", static_cast<unsigned>(values.below(10000000)));
    out += buffer;
    out += k_countries[values.below(std::size(k_countries))];
    out += ",,";
    out += k_industries[values.below(std::size(k_industries))];
    std::snprintf(buffer, sizeof buffer, ",%u,%s,", static_cast<unsigned>(10 + values.below(5000)),
                  domain.c_str());
    out += buffer;
    out += k_sources[lead.source].name;
    out += ',';
    out += k_campaigns[values.below(std::size(k_campaigns))];
    out += ',';
    out += k_stages[lead.stage];
    out += ',';
    if (lead.rep >= 0) {
      out += k_reps[lead.rep];
    }
    const int fit = static_cast<int>(values.below(60)) - 10;
    std::snprintf(buffer, sizeof buffer, ",%d,%d,%d,%c%d,%s,", lead.score, fit, lead.score - fit,
                  "ABCD"[values.below(4)], static_cast<int>(1 + values.below(4)),
                  values.chance(0.03) ? "true" : "false");
    out += buffer;
    if (lead.referrer >= 0) {
      // Half name the referrer by email, half by id.
      const Lead& referrer = leads[static_cast<std::size_t>(lead.referrer)];
      out += lead.serial % 2 == 0 ? email_of(referrer.serial, referrer.id) : hex(referrer.id);
    }
    out += ',';
    append_time(out, lead.created);
    out += ',';
    append_time(out, std::max(lead.created, lead.stage_at));
    out += ',';
    append_time(out, lead.stage_at);
    out += '\n';
    flush(lf, false);
  }
  flush(lf, true);
  std::fclose(lf);
  std::fprintf(stderr, "leads-bench-history: %llu leads, %zu events in %s\n",
               static_cast<unsigned long long>(n), events.size(), dir.c_str());
  return 0;
}
