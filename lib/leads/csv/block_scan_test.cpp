// Compares find_stops (and its baseline) with a byte-at-a-time reference on
// random texts, scanned in pieces of random sizes.
#include <leads/csv/block_scan.hpp>
#include <leads/csv/encoding.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace {

struct Found {
  std::vector<std::uint32_t> stops;
  std::vector<std::uint32_t> line_ends;
  std::vector<std::uint32_t> quoted;
  std::size_t clean = 0;
  bool operator==(const Found&) const = default;
};

// The rules of find_stops, one byte at a time, over the whole text.
Found reference(const std::string& text, char delimiter) {
  Found found;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  // The first byte the scan cannot vouch for: an irregular quote or bad UTF-8.
  std::size_t clean = size;
  bool inside = false;
  std::size_t utf8_next = 0;
  std::vector<bool> closing(size, false);
  const auto is_mark = [&](std::size_t i) {
    const char c = text[i];
    return c == delimiter || c == '\n' || c == '\r' || c == '"';
  };
  for (std::size_t i = 0; i < size && clean == size; ++i) {
    const char c = text[i];
    if (i >= utf8_next && bytes[i] >= 0x80) {
      const std::size_t length = leads::csv::utf8_sequence(bytes + i, bytes + size);
      if (length == 0) {
        clean = i;
        break;
      }
      utf8_next = i + length;
    }
    if (i > 0 && closing[i - 1] && !is_mark(i)) {
      clean = i;
      break;
    }
    if (c == '"') {
      if (!inside && i > 0 && !is_mark(i - 1)) {
        clean = i;
        break;
      }
      closing[i] = inside;
      inside = !inside;
      continue;
    }
    if (!inside && (c == delimiter || c == '\n' || c == '\r')) {
      const auto index = static_cast<std::uint32_t>(found.stops.size());
      found.stops.push_back(static_cast<std::uint32_t>(i));
      if (c != delimiter) {
        found.line_ends.push_back(index);
      }
      if (i > 0 && closing[i - 1]) {
        found.quoted.push_back(index);
      }
    }
  }
  found.clean = clean;
  return found;
}

using FindStops = std::size_t (*)(const char*, std::size_t, std::uint32_t, char, leads::csv::ScanCarry&,
                                  leads::csv::StopLists&);

// Scans text in pieces of the given sizes, as FieldScanner does.
Found scan(FindStops find, const std::string& text, char delimiter, const std::vector<std::size_t>& pieces) {
  // Room for the lists and for the bytes a scan reads past its end.
  const std::string padded = text + std::string(64, 'x');
  std::vector<std::uint32_t> stops(text.size() + 64 * pieces.size() + 64);
  std::vector<std::uint32_t> line_ends(stops.size());
  std::vector<std::uint32_t> quoted(stops.size());
  leads::csv::StopLists lists{stops.data(), 0, line_ends.data(), 0, quoted.data(), 0};
  leads::csv::ScanCarry carry;
  carry.utf8_next = padded.data();
  carry.data_end = padded.data() + text.size();
  Found found;
  std::size_t at = 0;
  for (const std::size_t piece : pieces) {
    const std::size_t size = std::min(piece, text.size() - at);
    const std::size_t clean =
        find(padded.data() + at, size, static_cast<std::uint32_t>(at), delimiter, carry, lists);
    at += clean;
    if (clean < size || at == text.size()) {
      break;
    }
  }
  found.stops.assign(stops.begin(), stops.begin() + static_cast<std::ptrdiff_t>(lists.stop_count));
  found.line_ends.assign(line_ends.begin(),
                         line_ends.begin() + static_cast<std::ptrdiff_t>(lists.line_end_count));
  found.quoted.assign(quoted.begin(), quoted.begin() + static_cast<std::ptrdiff_t>(lists.quoted_count));
  found.clean = at;
  return found;
}

} // namespace

TEST_CASE("csv::find_stops") {
  SUBCASE("a small text, by hand") {
    const std::string text = "a,\"b,\"\"c\"\nd\xC3\xA9,e\r\n";
    const Found expected{{1, 9, 13, 15, 16}, {1, 3, 4}, {1}, text.size()};
    CHECK(reference(text, ',') == expected);
    CHECK(scan(leads::csv::find_stops, text, ',', {64}) == expected);
    CHECK(scan(leads::csv::find_stops_baseline, text, ',', {64}) == expected);
  }

  SUBCASE("it stops at an irregular quote and at bad UTF-8") {
    CHECK(scan(leads::csv::find_stops, "a,b\"c,d\n", ',', {64}) == Found{{1}, {}, {}, 3});
    CHECK(scan(leads::csv::find_stops, "\"a\"b,c\n", ',', {64}) == Found{{}, {}, {}, 3});
    CHECK(scan(leads::csv::find_stops, "a,\xC3(,b\n", ',', {64}) == Found{{1}, {}, {}, 2});
    CHECK(scan(leads::csv::find_stops, "a,b\n\xE2\x82", ',', {64}) == Found{{1, 3}, {1}, {}, 4});
  }

  SUBCASE("quotes at the edge of a block") {
    // A quoted field from byte 2 whose closing quote is byte 63, the last of the
    // block; the texts go on for a whole block after the edge.
    const std::string quoted = "a,\"" + std::string(60, 'b') + "\"";
    REQUIRE(quoted.size() == 64);
    const std::string tail(64, 'z');
    const std::vector<std::pair<std::string, Found>> cases = {
        {quoted + ",c\n" + tail, Found{{1, 64, 66}, {2}, {1}, 131}},
        {quoted + "c,d\n" + tail, Found{{1}, {}, {}, 64}},
        {quoted + "\"\",\"\n" + tail, Found{{1, 66}, {}, {1}, 133}},
        {std::string(63, 'a') + ",\"b,\"\n" + tail, Found{{63, 68}, {1}, {1}, 133}},
        {std::string(64, 'a') + "\"b\n" + tail, Found{{}, {}, {}, 64}},
        {std::string("\"") + std::string(62, 'a') + ",b,\",c\n" + tail, Found{{67, 69}, {1}, {0}, 134}},
    };
    for (const auto& test_case : cases) {
      const std::string& text = test_case.first; // (not a structured binding: CAPTURE takes it in a lambda)
      const Found& expected = test_case.second;
      CAPTURE(text);
      CHECK(reference(text, ',') == expected);
      for (const FindStops find : {leads::csv::find_stops, leads::csv::find_stops_baseline}) {
        CHECK(scan(find, text, ',', {64, 64, 64}) == expected);
      }
    }
  }

  SUBCASE("random texts against the reference") {
    std::vector<std::string> pieces = {"a", "bc", ",", ";", "\"", "\"\"", "\n", "\r", "\r\n", " "};
    for (const char* text : {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"}) {
      pieces.emplace_back(text);
    }
    pieces.push_back(std::string(70, 'x'));
    const std::vector<std::string> ill_formed = {"\x80", "\xC3", "\xED\xA0\x80"};
    std::mt19937 random(20261127);
    for (int round = 0; round < 600; ++round) {
      std::string text;
      const auto length = std::uniform_int_distribution<int>(0, 60)(random);
      for (int k = 0; k < length; ++k) {
        text += pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(random)];
      }
      // A third of the texts hold ill-formed UTF-8 somewhere.
      if (round % 3 == 0) {
        const auto at = std::uniform_int_distribution<std::size_t>(0, text.size())(random);
        text.insert(at, ill_formed[static_cast<std::size_t>(round) % ill_formed.size()]);
      }
      const char delimiter = round % 5 == 0 ? ';' : ',';
      std::vector<std::size_t> sizes;
      for (std::size_t total = 0; total < text.size() + 1;) {
        const std::size_t size = 64 * std::uniform_int_distribution<std::size_t>(1, 4)(random);
        sizes.push_back(size);
        total += size;
      }
      CAPTURE(text);
      const Found expected = reference(text, delimiter);
      CHECK(scan(leads::csv::find_stops, text, delimiter, sizes) == expected);
      CHECK(scan(leads::csv::find_stops_baseline, text, delimiter, sizes) == expected);
    }
  }
}
