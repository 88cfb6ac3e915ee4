#include <leads/csv/encoding.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

TEST_CASE("csv::check_utf8") {
  using leads::csv::check_utf8;

  SUBCASE("well-formed text") {
    for (const std::string text : {"", "plain ascii, long enough to take the fast path of 16 bytes and more",
                                   "Z\xC3\xBCrich", "\xE6\x9D\xB1\xE4\xBA\xAC", "\xF0\x9F\x98\x84 emoji",
                                   "\xEF\xBF\xBD", "\xF4\x8F\xBF\xBF", "\xED\x9F\xBF"}) {
      CAPTURE(text);
      const auto check = check_utf8(text);
      CHECK(check.valid == text.size());
      CHECK_FALSE(check.invalid);
    }
  }

  SUBCASE("ill-formed sequences point at their first byte") {
    struct Case {
      std::string text;
      std::size_t at;
    };
    for (const Case& c : {Case{"abc\x80", 3}, Case{"\xC0\x80", 0}, Case{"\xC1\xBF", 0},
                          Case{"x\xE0\x80\x80", 1}, Case{"\xED\xA0\x80", 0}, Case{"\xF0\x80\x80\x80", 0},
                          Case{"\xF4\x90\x80\x80", 0}, Case{"\xF5\x80\x80\x80", 0}, Case{"\xFF", 0},
                          Case{"Ren\xE9"
                               "e",
                               3},
                          Case{"\xE2\x82x", 0}, Case{std::string(40, 'a') + "\xC3\xA9\xC3(", 42}}) {
      CAPTURE(c.text);
      const auto check = check_utf8(c.text);
      CHECK(check.invalid);
      CHECK(check.valid == c.at);
    }
  }

  SUBCASE("a sequence cut by the end is incomplete, not invalid") {
    // E0 and F0 allow only some second bytes: cut after the lead, they are still incomplete.
    for (const std::string text : {"ab\xC3", "ab\xE2\x82", "ab\xF0\x9F\x98", "ab\xE0", "ab\xE0\xA4", "ab\xF0",
                                   "ab\xF0\x9F", "ab\xF4"}) {
      CAPTURE(text);
      const auto check = check_utf8(text);
      CHECK_FALSE(check.invalid);
      CHECK(check.valid == 2);
    }
  }

  SUBCASE("an overlong or out-of-range start cut by the end is invalid") {
    for (const std::string text : {"ab\xE0\x80", "ab\xF0\x80", "ab\xF4\x90", "ab\xED\xA0"}) {
      CAPTURE(text);
      const auto check = check_utf8(text);
      CHECK(check.invalid);
      CHECK(check.valid == 2);
    }
  }
}

TEST_CASE("csv::transcode") {
  using leads::csv::Encoding;
  using leads::csv::to_utf8;

  SUBCASE("Windows-1252") {
    CHECK(to_utf8("\x80", Encoding::windows1252) == "\xE2\x82\xAC");
    CHECK(to_utf8("\x93quoted\x94", Encoding::windows1252) == "\xE2\x80\x9Cquoted\xE2\x80\x9D");
    CHECK(to_utf8("\x8A\x9F\x99", Encoding::windows1252) == "\xC5\xA0\xC5\xB8\xE2\x84\xA2");
    CHECK(to_utf8("\x81\x8D", Encoding::windows1252) == "\xC2\x81\xC2\x8D");
    CHECK(to_utf8("caf\xE9 na\xEFve \xFF", Encoding::windows1252) == "caf\xC3\xA9 na\xC3\xAFve \xC3\xBF");
    CHECK(to_utf8("plain ascii text", Encoding::windows1252) == "plain ascii text");
  }

  SUBCASE("Latin-1 reads 0x80-0x9F as Windows-1252 does, as web browsers do") {
    CHECK(to_utf8("\x80\x93\xA0\xE9", Encoding::latin1) == "\xE2\x82\xAC\xE2\x80\x9C\xC2\xA0\xC3\xA9");
    CHECK(to_utf8("\x81\x8D", Encoding::latin1) == "\xC2\x81\xC2\x8D");
  }

  SUBCASE("UTF-8 is copied") {
    CHECK(to_utf8("Z\xC3\xBCrich", Encoding::utf8) == "Z\xC3\xBCrich");
  }
}

namespace {

// Text as UTF-16 bytes, little- or big-endian, from its code units.
std::string utf16_bytes(std::initializer_list<std::uint16_t> units, bool big_endian) {
  std::string bytes;
  for (const std::uint16_t unit : units) {
    const auto high = static_cast<char>(unit >> 8);
    const auto low = static_cast<char>(unit & 0xFF);
    bytes += big_endian ? high : low;
    bytes += big_endian ? low : high;
  }
  return bytes;
}

struct Decoded {
  std::string text;
  std::uint16_t unpaired = 0;
  bool cut = false;
};

// Decodes bytes fed in pieces of `piece` bytes, each followed by an empty one
// (as a read that brings nothing yet).
Decoded decode_in_pieces(const std::string& bytes, bool big_endian, std::size_t piece) {
  leads::csv::Utf16Decoder decoder(big_endian);
  Decoded decoded;
  for (std::size_t at = 0; at < bytes.size(); at += piece) {
    for (const std::string_view part : {std::string_view(bytes).substr(at, piece), std::string_view()}) {
      std::string out(part.size() * leads::csv::k_max_utf8_per_byte + leads::csv::k_max_utf8_carry, '\0');
      out.resize(decoder.decode(part, out.data()));
      decoded.text += out;
    }
  }
  decoded.unpaired = decoder.unpaired();
  decoded.cut = decoder.cut();
  return decoded;
}

} // namespace

TEST_CASE("csv::Utf16Decoder") {
  // "a", "é" (2 UTF-8 bytes), "€" (3), "😀" (a surrogate pair, 4), U+FEFF, "\n".
  const std::initializer_list<std::uint16_t> units = {0x0061, 0x00E9, 0x20AC, 0xD83D, 0xDE00, 0xFEFF, 0x000A};
  const std::string utf8 = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xEF\xBB\xBF\n";

  SUBCASE("both byte orders, fed in pieces of any size") {
    for (const bool big_endian : {false, true}) {
      const std::string bytes = utf16_bytes(units, big_endian);
      for (std::size_t piece = 1; piece <= bytes.size(); ++piece) {
        CAPTURE(big_endian);
        CAPTURE(piece);
        const Decoded decoded = decode_in_pieces(bytes, big_endian, piece);
        CHECK(decoded.text == utf8);
        CHECK(decoded.unpaired == 0);
        CHECK_FALSE(decoded.cut);
      }
    }
  }

  SUBCASE("runs of ASCII, eight characters at a time, around other characters anywhere") {
    // U+0100 and U+8000 have a zero byte too (low, high); U+0080 is just past ASCII.
    for (const std::uint16_t other : {0x00E9, 0x0080, 0x0100, 0x8000, 0x20AC}) {
      for (std::size_t at = 0; at <= 40; ++at) {
        std::vector<std::uint16_t> text(40, 'x');
        text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), other);
        std::string expected(40, 'x');
        char utf8[4];
        char* end = utf8;
        if (other < 0x800) {
          *end++ = static_cast<char>(0xC0 | (other >> 6));
        } else {
          *end++ = static_cast<char>(0xE0 | (other >> 12));
          *end++ = static_cast<char>(0x80 | ((other >> 6) & 0x3F));
        }
        *end++ = static_cast<char>(0x80 | (other & 0x3F));
        expected.insert(at, utf8, static_cast<std::size_t>(end - utf8));
        for (const bool big_endian : {false, true}) {
          std::string bytes;
          for (const std::uint16_t unit : text) {
            bytes += utf16_bytes({unit}, big_endian);
          }
          for (const std::size_t piece : {std::size_t{3}, std::size_t{17}, bytes.size()}) {
            CAPTURE(other);
            CAPTURE(at);
            CAPTURE(big_endian);
            CAPTURE(piece);
            CHECK(decode_in_pieces(bytes, big_endian, piece).text == expected);
          }
        }
      }
    }
  }

  SUBCASE("an unpaired surrogate stops decoding where it stands") {
    struct Case {
      std::initializer_list<std::uint16_t> units;
      std::string before;
      std::uint16_t unpaired;
    };
    for (const Case& c : {Case{{0x0061, 0xDE00, 0x0062}, "a", 0xDE00},         // a low half alone
                          Case{{0x0061, 0xD83D, 0x0062, 0x0063}, "a", 0xD83D}, // a high half, no low one
                          Case{{0xD83D, 0xD83D, 0xDE00}, "", 0xD83D}}) {       // two high halves
      for (std::size_t piece = 1; piece <= 8; ++piece) {
        CAPTURE(piece);
        const Decoded decoded = decode_in_pieces(utf16_bytes(c.units, false), false, piece);
        CHECK(decoded.text == c.before);
        CHECK(decoded.unpaired == c.unpaired);
      }
    }
  }

  SUBCASE("text cut inside a character is cut, not yet invalid") {
    const std::string odd = utf16_bytes({0x0061}, false) + "b";
    const std::string half_pair = utf16_bytes({0x0061, 0xD83D}, false);
    for (const std::string& bytes : {odd, half_pair, half_pair + "\x00"}) {
      const Decoded decoded = decode_in_pieces(bytes, false, 1);
      CHECK(decoded.text == "a");
      CHECK(decoded.cut);
      CHECK(decoded.unpaired == 0);
    }
  }
}
