// Writes N synthetic leads as a HubSpot-style contacts export (CSV) on stdout,
// for benchmarks: realistic values from the tables below, some non-ASCII names,
// quoted commas and line breaks in company names, mixed phone shapes, and a
// share of duplicate rows (an earlier person again, the email in another case
// and padded with spaces). The output depends only on N, --seed and
// --dup-rate: the generator uses its own PRNG (splitmix64), never the
// standard library's distributions, whose results differ between libraries.
//
//   leads-bench-generate N [--seed S] [--dup-rate 0.03] > leads.csv
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>

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
  // A number in [0, n).
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  // True in `share` cases out of 100.
  bool percent(unsigned share) { return below(100) < share; }
  // True with probability p (0..1), decided on 53 bits.
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
  template <typename T, std::size_t N> const T& pick(const T (&items)[N]) { return items[below(N)]; }

private:
  std::uint64_t m_state;
};

struct Name {
  std::string_view text;
  std::string_view ascii; // for email addresses
};

constexpr Name k_first_names[] = {
    {"James", "james"},     {"Mary", "mary"},           {"Robert", "robert"},   {"Patricia", "patricia"},
    {"John", "john"},       {"Jennifer", "jennifer"},   {"Michael", "michael"}, {"Linda", "linda"},
    {"David", "david"},     {"Elizabeth", "elizabeth"}, {"William", "william"}, {"Barbara", "barbara"},
    {"Richard", "richard"}, {"Susan", "susan"},         {"Thomas", "thomas"},   {"Sarah", "sarah"},
    {"Daniel", "daniel"},   {"Karen", "karen"},         {"Matthew", "matthew"}, {"Nancy", "nancy"},
    {"Anthony", "anthony"}, {"Lisa", "lisa"},           {"Mark", "mark"},       {"Emily", "emily"},
    {"Steven", "steven"},   {"Ashley", "ashley"},       {"Andrew", "andrew"},   {"Michelle", "michelle"},
    {"Kevin", "kevin"},     {"Amanda", "amanda"},       {"Brian", "brian"},     {"Melissa", "melissa"},
    {"Jason", "jason"},     {"Laura", "laura"},         {"Ryan", "ryan"},       {"Rachel", "rachel"},
    {"Olivia", "olivia"},   {"Noah", "noah"},           {"Emma", "emma"},       {"Liam", "liam"},
    {"Sophia", "sophia"},   {"Lucas", "lucas"},         {"Mia", "mia"},         {"Ethan", "ethan"},
    {"Grace", "grace"},     {"Priya", "priya"},         {"Rahul", "rahul"},     {"Wei", "wei"},
    {"Mei", "mei"},         {"Aisha", "aisha"},         {"Kwame", "kwame"},     {"Fatima", "fatima"},
    {"Omar", "omar"},       {"Hannah", "hannah"},       {"Jonas", "jonas"},     {"Lena", "lena"},
    {"Felix", "felix"},     {"Anna", "anna"},           {"Pierre", "pierre"},   {"Camille", "camille"},
    {"Marco", "marco"},     {"Giulia", "giulia"},       {"Pedro", "pedro"},     {"Camila", "camila"},
    {"Lars", "lars"},       {"Ingrid", "ingrid"},       {"Hiroshi", "hiroshi"}, {"Yuki", "yuki"},
};

constexpr Name k_first_names_intl[] = {
    {"Zoë", "zoe"},
    {"Søren", "soren"},
    {"Łukasz", "lukasz"},
    {"José", "jose"},
    {"Chloé", "chloe"},
    {"Amélie", "amelie"},
    {"Björn", "bjorn"},
    {"Jürgen", "jurgen"},
    {"Renée", "renee"},
    {"François", "francois"},
    {"Małgorzata", "malgorzata"},
    {"Çağla", "cagla"},
    {"Øystein", "oystein"},
    {"Inês", "ines"},
    {"太郎", "taro"},
    {"花子", "hanako"},
};

constexpr Name k_last_names[] = {
    {"Smith", "smith"},       {"Johnson", "johnson"},   {"Williams", "williams"}, {"Brown", "brown"},
    {"Jones", "jones"},       {"Miller", "miller"},     {"Davis", "davis"},       {"Rodriguez", "rodriguez"},
    {"Martinez", "martinez"}, {"Wilson", "wilson"},     {"Anderson", "anderson"}, {"Taylor", "taylor"},
    {"Moore", "moore"},       {"Jackson", "jackson"},   {"Martin", "martin"},     {"Lee", "lee"},
    {"Thompson", "thompson"}, {"White", "white"},       {"Harris", "harris"},     {"Clark", "clark"},
    {"Lewis", "lewis"},       {"Walker", "walker"},     {"Hall", "hall"},         {"Young", "young"},
    {"King", "king"},         {"Wright", "wright"},     {"Scott", "scott"},       {"Green", "green"},
    {"Baker", "baker"},       {"Adams", "adams"},       {"Nelson", "nelson"},     {"Hill", "hill"},
    {"Campbell", "campbell"}, {"Mitchell", "mitchell"}, {"Roberts", "roberts"},   {"Carter", "carter"},
    {"Evans", "evans"},       {"Turner", "turner"},     {"Patel", "patel"},       {"Shah", "shah"},
    {"Chen", "chen"},         {"Wang", "wang"},         {"Kim", "kim"},           {"Nguyen", "nguyen"},
    {"Singh", "singh"},       {"Okafor", "okafor"},     {"Mensah", "mensah"},     {"Keller", "keller"},
    {"Fischer", "fischer"},   {"Weber", "weber"},       {"Becker", "becker"},     {"Dubois", "dubois"},
    {"Moreau", "moreau"},     {"Rossi", "rossi"},       {"Bianchi", "bianchi"},   {"Silva", "silva"},
    {"Santos", "santos"},     {"Jansen", "jansen"},     {"de Vries", "devries"},  {"O'Connor", "oconnor"},
    {"Murphy", "murphy"},     {"Kowalski", "kowalski"}, {"Nowak", "nowak"},       {"Andersson", "andersson"},
    {"Tanaka", "tanaka"},     {"Suzuki", "suzuki"},
};

constexpr Name k_last_names_intl[] = {
    {"Müller", "muller"},       {"García", "garcia"},     {"Wiśniewski", "wisniewski"},
    {"Sørensen", "sorensen"},   {"Nováková", "novakova"}, {"Weiß", "weiss"},
    {"Schröder", "schroder"},   {"Jiménez", "jimenez"},   {"Lefèvre", "lefevre"},
    {"Gonçalves", "goncalves"}, {"Åström", "astrom"},     {"Yılmaz", "yilmaz"},
    {"山田", "yamada"},         {"佐藤", "sato"},
};

constexpr std::string_view k_company_heads[] = {
    "Bright",  "North",   "Copper",  "Silver",  "Blue",   "Summit", "River",    "Harbor", "Pine",
    "Oak",     "Cedar",   "Iron",    "Stone",   "Lumen",  "Nova",   "Vertex",   "Apex",   "Orbit",
    "Pacific", "Granite", "Falcon",  "Kestrel", "Maple",  "Willow", "Aurora",   "Zenith", "Crest",
    "Tide",    "Cloud",   "Quantum", "Pioneer", "Beacon", "Anchor", "Meridian", "Polar",  "Sierra",
};
constexpr std::string_view k_company_tails[] = {"path",  "wind",  "leaf", "line",   "works", "stack", "ridge",
                                                "field", "point", "gate", "bridge", "wave",  "peak",  "light",
                                                "forge", "mark",  "view", "dale",   "way",   "craft"};
constexpr std::string_view k_company_kinds[] = {
    "Logistics",     "Health",   "Analytics", "Software", "Capital",    "Energy",  "Foods",
    "Robotics",      "Systems",  "Labs",      "Media",    "Consulting", "Retail",  "Insurance",
    "Manufacturing", "Security", "Networks",  "Pharma",   "Design",     "Finance",
};

// clang-format off
constexpr std::string_view k_titles[] = {
    "CEO", "CTO", "CFO", "Chief Marketing Officer", "VP Sales", "VP Marketing", "VP Engineering",
    "Head of Growth", "Head of Marketing Operations", "Head of Sales", "Director of Marketing",
    "Director, Demand Generation", "Director of IT", "Marketing Manager", "Sales Manager", "Product Manager",
    "Account Executive", "Sales Development Representative", "Marketing Coordinator", "Data Analyst",
    "Data Engineer", "Software Engineer", "Solutions Architect", "Operations Manager", "Procurement Manager",
    "Purchasing Director", "Founder", "Co-Founder", "Owner", "Consultant", "Student", "Intern",
    "Office Manager", "HR Manager", "Finance Director", "Business Analyst", "IT Manager",
    "Customer Success Manager", "Content Strategist",
};

constexpr std::string_view k_industries[] = {
    "Computer Software", "Information Technology and Services", "Marketing and Advertising",
    "Financial Services", "Hospital & Health Care", "Logistics and Supply Chain", "Retail", "Insurance",
    "Construction", "Education Management", "Food & Beverages", "Real Estate", "Management Consulting",
    "Telecommunications", "Automotive", "Machinery", "Oil & Energy", "Internet", "Banking", "Pharmaceuticals",
    "Design", "Legal Services", "",
};
// clang-format on

// Lifecycle stages with their share in percent (they sum to 100).
struct Stage {
  std::string_view name;
  unsigned percent;
};
constexpr Stage k_stages[] = {{"subscriber", 25},        {"lead", 40},       {"marketingqualifiedlead", 15},
                              {"salesqualifiedlead", 7}, {"opportunity", 5}, {"customer", 6},
                              {"evangelist", 1},         {"other", 1}};

// A country: how exports spell it, its cities and legal forms, and how its
// phone numbers look. A phone number is `intl` or `national` followed by
// `digits` digits that are unique per person (see phone_digits()).
struct Country {
  unsigned percent;
  std::string_view names[3];
  std::string_view cities[4];
  std::string_view legal[3];
  std::string_view intl;
  std::string_view national;
  unsigned digits;
};

// clang-format off
constexpr Country k_countries[] = {
    {42, {"United States", "USA", "US"}, {"New York", "San Francisco", "Chicago", "Austin"},
     {"Inc.", ", Inc.", "LLC"}, "", "", 0},
    {10, {"United Kingdom", "UK", "GB"}, {"London", "Manchester", "Leeds", "Bristol"},
     {"Ltd", "PLC", "Ltd"}, "+44 20 7", "020 7", 7},
    {10, {"Germany", "Deutschland", "DE"}, {"Berlin", "München", "Köln", "Hamburg"},
     {"GmbH", "AG", "GmbH & Co. KG"}, "+49 30 ", "030 ", 8},
    {7, {"France", "France", "FR"}, {"Paris", "Lyon", "Toulouse", "Nantes"},
     {"SA", "SAS", "SARL"}, "+33 1 ", "01 ", 8},
    {4, {"Netherlands", "The Netherlands", "NL"}, {"Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"},
     {"B.V.", "B.V.", "N.V."}, "+31 20 ", "020 ", 7},
    {4, {"Spain", "España", "ES"}, {"Madrid", "Barcelona", "Valencia", "Sevilla"},
     {"S.L.", "S.A.", "S.L."}, "+34 91 ", "91 ", 7},
    {3, {"Italy", "Italia", "IT"}, {"Milano", "Roma", "Torino", "Bologna"},
     {"S.p.A.", "Srl", "Srl"}, "+39 02 ", "02 ", 8},
    {2, {"Sweden", "Sverige", "SE"}, {"Stockholm", "Göteborg", "Malmö", "Uppsala"},
     {"AB", "AB", "AB"}, "+46 8 ", "08-", 8},
    {3, {"Australia", "Australia", "AU"}, {"Sydney", "Melbourne", "Brisbane", "Perth"},
     {"Pty Ltd", "Pty Ltd", "Ltd"}, "+61 2 9", "(02) 9", 7},
    {4, {"India", "India", "IN"}, {"Bengaluru", "Mumbai", "Pune", "Hyderabad"},
     {"Pvt Ltd", "Ltd", "Pvt Ltd"}, "+91 9", "09", 9},
    {3, {"Brazil", "Brasil", "BR"}, {"São Paulo", "Rio de Janeiro", "Curitiba", "Recife"},
     {"Ltda.", "S.A.", "Ltda."}, "+55 11 9", "(11) 9", 8},
    {2, {"Japan", "Japan", "JP"}, {"Tokyo", "Osaka", "Yokohama", "Fukuoka"},
     {"K.K.", "株式会社", "G.K."}, "+81 3-", "03-", 8},
    {3, {"Poland", "Polska", "PL"}, {"Warszawa", "Kraków", "Wrocław", "Gdańsk"},
     {"sp. z o.o.", "S.A.", "sp. z o.o."}, "+48 22 ", "22 ", 7},
    {3, {"Canada", "Canada", "CA"}, {"Toronto", "Vancouver", "Montréal", "Calgary"},
     {"Inc.", "Ltd.", "Corp."}, "", "", 0},
};
// clang-format on

// North American area codes, for the rows of Canada and of the United States.
constexpr unsigned k_canada_area_codes[] = {416, 604, 514, 403, 613, 780, 905, 647, 778, 587};
constexpr unsigned k_us_area_codes[] = {
    201, 202, 203, 205, 206, 207, 208, 210, 212, 213, 214, 215, 216, 217, 219, 224, 225, 229,
    231, 234, 239, 240, 248, 251, 252, 253, 254, 256, 260, 262, 267, 269, 270, 281, 301, 302,
    303, 304, 305, 307, 309, 310, 312, 313, 314, 315, 316, 317, 318, 319, 320, 321, 323, 330,
    334, 336, 337, 347, 352, 360, 385, 401, 402, 404, 405, 406, 407, 408, 410, 412, 414, 415,
    417, 419, 423, 424, 425, 435, 440, 443, 469, 470, 480, 502, 503, 504, 512, 513, 515, 516};

constexpr std::string_view k_header =
    "Record ID,First Name,Last Name,Email,Phone Number,Company Name,Job Title,Country/Region,City,Industry,"
    "Number of Employees,Website URL,Lifecycle Stage,Create Date\n";

std::uint64_t gcd(std::uint64_t a, std::uint64_t b) {
  while (b != 0) {
    a %= b;
    std::swap(a, b);
  }
  return a;
}

// A bijection of [0, m) (for u < m), so that consecutive people get distinct
// numbers that do not look consecutive: multiplication by a factor near m/phi
// that shares no divisor with m.
std::uint64_t scatter(std::uint64_t u, std::uint64_t m) {
  std::uint64_t factor = static_cast<std::uint64_t>(static_cast<double>(m) * 0.6180339887);
  while (gcd(factor, m) != 1) {
    ++factor;
  }
  return (u % m) * factor % m;
}

void append_number(std::string& out, std::uint64_t value, unsigned width = 0) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  for (int pad = static_cast<int>(width) - n; pad > 0; --pad) {
    out += '0';
  }
  while (n > 0) {
    out += digits[--n];
  }
}

// Appends a CSV field, quoted when it holds a comma, a quote or a line break.
void append_field(std::string& out, std::string_view value) {
  if (value.find_first_of(",\"\n\r") == std::string_view::npos) {
    out += value;
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"') {
      out += '"';
    }
    out += c;
  }
  out += '"';
}

void append_lower(std::string& out, std::string_view s) {
  for (char c : s) {
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
}

// "2026-11-03 14:22" for a day counted from 2024-01-01 (Howard Hinnant's civil_from_days).
void append_date(std::string& out, std::uint64_t day, std::uint64_t minute) {
  const long z = 19723 + static_cast<long>(day) + 719468; // 19723 = days from 1970-01-01 to 2024-01-01
  const long era = z / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const long d = doy - (153 * mp + 2) / 5 + 1;
  const long m = mp < 10 ? mp + 3 : mp - 9;
  const long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  append_number(out, static_cast<std::uint64_t>(y), 4);
  out += '-';
  append_number(out, static_cast<std::uint64_t>(m), 2);
  out += '-';
  append_number(out, static_cast<std::uint64_t>(d), 2);
  out += ' ';
  append_number(out, minute / 60, 2);
  out += ':';
  append_number(out, minute % 60, 2);
}

// One person's fields, a function of the seed and the person's number only,
// so that a duplicate row can make the same person again.
struct Person {
  std::string first, last, email, phone, company, title, country, city, industry, employees, website, stage;
  std::uint64_t day = 0, minute = 0;
};

const Country& pick_country(Random& random) {
  std::uint64_t roll = random.below(100);
  for (const Country& country : k_countries) {
    if (roll < country.percent) {
      return country;
    }
    roll -= country.percent;
  }
  return k_countries[0];
}

// international: the row names no country, so the number must carry its code.
void make_phone(Random& random, const Country& country, std::uint64_t u, bool international,
                std::string& out) {
  out.clear();
  if (random.percent(10)) {
    return; // no phone
  }
  if (country.digits == 0) { // North America: area code, exchange 200-999, line
    const bool canada = country.names[0] == "Canada";
    const std::uint64_t areas = canada ? std::size(k_canada_area_codes) : std::size(k_us_area_codes);
    const std::uint64_t n = scatter(u, areas * 800 * 10000);
    const unsigned area = canada ? k_canada_area_codes[n % areas] : k_us_area_codes[n % areas];
    const std::uint64_t exchange = 200 + n / areas % 800;
    const std::uint64_t line = n / areas / 800;
    switch (random.below(4)) {
    case 0:
      out += '(';
      append_number(out, area);
      out += ") ";
      append_number(out, exchange);
      out += '-';
      break;
    case 1:
      out += "+1 ";
      append_number(out, area);
      out += ' ';
      append_number(out, exchange);
      out += ' ';
      break;
    case 2:
      append_number(out, area);
      out += '.';
      append_number(out, exchange);
      out += '.';
      break;
    default:
      out += "+1-";
      append_number(out, area);
      out += '-';
      append_number(out, exchange);
      out += '-';
      break;
    }
    append_number(out, line, 4);
    return;
  }
  std::uint64_t smallest = 1; // the numbers have no leading zero
  for (unsigned i = 1; i < country.digits; ++i) {
    smallest *= 10;
  }
  out += international || random.percent(50) ? country.intl : country.national;
  append_number(out, smallest + scatter(u, 9 * smallest));
}

void make_person(std::uint64_t seed, std::uint64_t u, Person& p) {
  Random random(seed ^ (u * 0xd1b54a32d192ed03ULL));
  const bool intl_first = random.percent(8);
  const bool intl_last = random.percent(8);
  const Name& first = intl_first ? random.pick(k_first_names_intl) : random.pick(k_first_names);
  const Name& last = intl_last ? random.pick(k_last_names_intl) : random.pick(k_last_names);
  p.first = first.text;
  p.last = last.text;

  const Country& country = pick_country(random);
  p.country = random.percent(3) ? std::string_view() : country.names[random.below(3)];
  p.city = country.cities[random.below(4)];

  const std::string_view head = random.pick(k_company_heads);
  const std::string_view tail = random.pick(k_company_tails);
  const std::string_view kind = random.pick(k_company_kinds);
  const std::string_view legal = country.legal[random.below(3)];
  p.company.assign(head).append(tail).append(" ").append(kind);
  p.company.append(legal.front() == ',' ? "" : " ").append(legal);
  if (random.chance(0.005)) {
    p.company.append("\n(formerly ").append(random.pick(k_company_heads)).append(tail).append(")");
  }
  p.website.clear();
  append_lower(p.website, head);
  p.website.append(tail).append(".example");

  p.email.clear();
  switch (random.below(4)) {
  case 0:
    p.email.append(first.ascii).append(".").append(last.ascii);
    break;
  case 1:
    p.email.append(first.ascii.substr(0, 1)).append(last.ascii);
    break;
  case 2:
    p.email.append(first.ascii).append("_").append(last.ascii);
    break;
  default:
    p.email.append(first.ascii);
    break;
  }
  append_number(p.email, u); // keeps every person's address distinct
  p.email.append("@").append(p.website);
  if (const std::uint64_t shape = random.below(20); shape < 5) {
    p.website.insert(0, "https://www.");
  } else if (shape < 8) {
    p.website.insert(0, "http://").append("/");
  }

  make_phone(random, country, u, p.country.empty(), p.phone);

  p.title = random.percent(6) ? std::string_view() : random.pick(k_titles);
  p.industry = random.pick(k_industries);
  p.employees.clear();
  static constexpr std::uint64_t k_bands[][3] = {{20, 1, 10},     {25, 11, 50},    {25, 51, 200},
                                                 {18, 201, 1000}, {8, 1001, 5000}, {4, 5001, 50000}};
  if (!random.percent(5)) {
    std::uint64_t roll = random.below(100);
    for (const auto& band : k_bands) {
      if (roll < band[0]) {
        append_number(p.employees, band[1] + random.below(band[2] - band[1] + 1));
        break;
      }
      roll -= band[0];
    }
  }
  std::uint64_t roll = random.below(100);
  for (const Stage& stage : k_stages) {
    if (roll < stage.percent) {
      p.stage = stage.name;
      break;
    }
    roll -= stage.percent;
  }
  p.day = random.below(1060); // 2024-01-01 .. 2026-11-25
  p.minute = random.below(24 * 60);
}

// The email of a duplicate: another case and stray spaces, as people type it.
void disguise_email(Random& random, std::string& email) {
  switch (random.below(3)) {
  case 0:
    for (char& c : email) {
      c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
    }
    break;
  case 1:
    email[0] = (email[0] >= 'a' && email[0] <= 'z') ? static_cast<char>(email[0] - 32) : email[0];
    if (auto at = email.find('@'); at + 1 < email.size() && email[at + 1] >= 'a' && email[at + 1] <= 'z') {
      email[at + 1] = static_cast<char>(email[at + 1] - 32);
    }
    break;
  default:
    for (std::size_t i = 0; i < email.size() && email[i] != '@'; ++i) {
      email[i] =
          (email[i] >= 'a' && email[i] <= 'z' && i % 2 == 0) ? static_cast<char>(email[i] - 32) : email[i];
    }
    break;
  }
  static constexpr std::string_view k_pads[][2] = {{" ", ""}, {"", " "}, {"  ", " "}, {" ", "  "}};
  const auto& pad = k_pads[random.below(4)];
  email.insert(0, pad[0]).append(pad[1]);
}

void append_row(std::string& out, std::uint64_t record_id, const Person& p) {
  append_number(out, record_id);
  for (const std::string* field : {&p.first, &p.last, &p.email, &p.phone, &p.company, &p.title, &p.country,
                                   &p.city, &p.industry, &p.employees, &p.website, &p.stage}) {
    out += ',';
    append_field(out, *field);
  }
  out += ',';
  append_date(out, p.day, p.minute);
  out += '\n';
}

[[noreturn]] void usage(const char* message) {
  std::fprintf(stderr,
               "leads-bench-generate: %s\nusage: leads-bench-generate N [--seed S] [--dup-rate 0.03]\n",
               message);
  std::exit(2);
}

std::uint64_t parse_count(const char* text, const char* what) {
  char* end = nullptr;
  const unsigned long long value = std::strtoull(text, &end, 10);
  if (end == text || *end != '\0' || text[0] == '-') {
    usage(what);
  }
  return value;
}

} // namespace

int main(int argc, char** argv) {
  std::uint64_t count = 0;
  std::uint64_t seed = 1;
  double dup_rate = 0.03;
  bool have_count = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--seed" && i + 1 < argc) {
      seed = parse_count(argv[++i], "--seed needs a whole number");
    } else if (arg == "--dup-rate" && i + 1 < argc) {
      char* end = nullptr;
      dup_rate = std::strtod(argv[++i], &end);
      if (*end != '\0' || !(dup_rate >= 0 && dup_rate < 1)) {
        usage("--dup-rate needs a number from 0 to below 1");
      }
    } else if (!have_count && !arg.empty() && arg[0] != '-') {
      count = parse_count(argv[i], "N must be a whole number");
      have_count = true;
    } else {
      usage("unknown argument");
    }
  }
  if (!have_count) {
    usage("missing N");
  }

  Random rows(seed * 0x2545f4914f6cdd1dULL + 1);
  Person person;
  std::string out(k_header);
  std::uint64_t people = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    if (people > 0 && rows.chance(dup_rate)) {
      make_person(seed, rows.below(people), person);
      disguise_email(rows, person.email);
      person.day = person.day + rows.below(1060 - person.day);
    } else {
      make_person(seed, people++, person);
    }
    append_row(out, 51000001 + i, person);
    if (out.size() >= (1u << 20)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}
