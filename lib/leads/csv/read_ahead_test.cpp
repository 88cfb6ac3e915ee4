#include <leads/csv/read_ahead.hpp>
#include <leads/csv/reader.hpp>
#include <leads/error.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

using leads::csv::ReadAhead;

namespace {

// A source that hands out text a few bytes at a time.
ReadAhead::Source text_source(const std::string& text, std::size_t& at, std::size_t step) {
  return [&text, &at, step](char* out, std::size_t size) {
    const std::size_t n = std::min({size, step, text.size() - at});
    std::memcpy(out, text.data() + at, n);
    at += n;
    return n;
  };
}

std::string drain(ReadAhead& ahead) {
  std::string got;
  for (;;) {
    ReadAhead::Buffer buffer = ahead.next();
    if (buffer.size == 0) {
      return got;
    }
    got.append(buffer.bytes.get() + ahead.headroom(), buffer.size);
    ahead.recycle(std::move(buffer));
  }
}

// A regular file holding text, removed at the end of the test.
struct TempFile {
  explicit TempFile(const std::string& text) {
    fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    REQUIRE(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    REQUIRE(::lseek(fd, 0, SEEK_SET) == 0);
  }
  ~TempFile() {
    ::close(fd);
    ::unlink(path);
  }
  char path[32] = "/tmp/leads-ahead-XXXXXX";
  int fd = -1;
};

} // namespace

TEST_CASE("csv::ReadAhead") {
  std::string text;
  for (int i = 0; i < 5000; ++i) {
    text += std::to_string(i * 7919) + (i % 3 == 0 ? "\n" : ",");
  }

  SUBCASE("hands out every byte in order, then the end, again if asked") {
    std::size_t at = 0;
    ReadAhead ahead(text_source(text, at, 13), 100, 16, 64);
    CHECK(drain(ahead) == text);
    CHECK(ahead.next().size == 0);
  }

  SUBCASE("an error reaches the parser after the bytes read before it") {
    std::size_t calls = 0;
    ReadAhead ahead(
        [&calls](char* out, std::size_t) -> std::size_t {
          if (++calls > 3) {
            throw std::runtime_error("disk gone");
          }
          std::memcpy(out, "abcd", 4);
          return 4;
        },
        8, 0, 0);
    std::string got;
    for (int i = 0; i < 3; ++i) {
      ReadAhead::Buffer buffer = ahead.next();
      got.append(buffer.bytes.get(), buffer.size);
      ahead.recycle(std::move(buffer));
    }
    CHECK(got == "abcdabcdabcd");
    CHECK_THROWS_WITH_AS(ahead.next(), "disk gone", std::runtime_error);
    CHECK_THROWS_AS(ahead.next(), std::runtime_error);
  }

  SUBCASE("stops at once when dropped before the end") {
    std::size_t at = 0;
    ReadAhead ahead(text_source(text, at, 1), 1, 0, 0);
    CHECK(ahead.next().size == 1);
    // The destructor must not wait for the rest of the input.
  }
}

TEST_CASE("csv::Reader reads regular files ahead, across chunk edges and long records") {
  // Records longer than the room kept before each chunk take the copying path.
  std::string text = "email,note\n";
  std::vector<std::vector<std::string>> expected;
  for (int i = 0; i < 300; ++i) {
    std::string note =
        i % 50 == 7 ? std::string(70000 + static_cast<std::size_t>(i), 'n') : "note " + std::to_string(i);
    if (i % 4 == 1) {
      note = "two\nlines, \"quoted\" " + note;
    }
    std::string quoted = "\"";
    for (char c : note) {
      quoted += c == '"' ? "\"\"" : std::string(1, c);
    }
    quoted += '"';
    const std::string email = fmt::format("p{}@example.com", i);
    text += email + "," + quoted + (i % 2 == 0 ? "\r\n" : "\n");
    expected.push_back({email, note});
  }
  for (const std::size_t chunk : {std::size_t{7}, std::size_t{4096}, std::size_t{256} << 10}) {
    CAPTURE(chunk);
    TempFile file(text);
    leads::csv::ReaderOptions options;
    options.chunk_size = chunk;
    leads::csv::Reader reader(file.fd, options);
    CHECK(reader.header() == std::vector<std::string>{"email", "note"});
    leads::csv::Record record;
    std::size_t rows = 0;
    while (reader.next(record)) {
      REQUIRE(rows < expected.size());
      CHECK(std::vector<std::string>(record.fields.begin(), record.fields.end()) == expected[rows]);
      ++rows;
    }
    CHECK(rows == expected.size());
    CHECK(reader.bytes_read() == text.size());
  }
}

TEST_CASE("csv::Reader reports an error in a chunk read ahead with its line and column") {
  std::string text = "email,name\n";
  for (int i = 0; i < 2000; ++i) {
    text += fmt::format("a{}@example.com,Ann\n", i);
  }
  text += "bad@example.com,\xff\n";
  TempFile file(text);
  leads::csv::ReaderOptions options;
  options.chunk_size = 1000;
  leads::csv::Reader reader(file.fd, options);
  leads::csv::Record record;
  try {
    while (reader.next(record)) {
    }
    FAIL("no error");
  } catch (const leads::Error& e) {
    CHECK(e.line() == 2002);
    CHECK(e.column() == 17);
  }
}

TEST_CASE("csv::Reader reads a file of Hindi names whose first chunk ends inside a character") {
  // The first chunk (256 KiB) ends right after the E0 that starts a Devanagari
  // letter: the letter is whole once the next chunk is read, not invalid.
  const std::string header = "email,first_name\n";
  std::string text = header;
  for (int i = 0; text.size() < 300'000; ++i) {
    text += fmt::format("r{}@example.in,\xE0\xA4\xB0\xE0\xA4\xBE\xE0\xA4\xAE\n", i);
  }
  const std::size_t edge = leads::csv::ReaderOptions{}.chunk_size - 1;
  while (static_cast<unsigned char>(text[edge]) != 0xE0) {
    text.insert(header.size() - 1, 1, ' '); // shifts every row by one byte
  }
  TempFile file(text);
  leads::csv::Reader reader(file.fd, leads::csv::ReaderOptions{});
  leads::csv::Record record;
  long rows = 0;
  while (reader.next(record)) {
    CHECK(record.fields[1] == "\xE0\xA4\xB0\xE0\xA4\xBE\xE0\xA4\xAE");
    ++rows;
  }
  CHECK(rows == static_cast<long>(std::count(text.begin(), text.end(), '\n')) - 1);
}
