#include <leads/csv/decompress.hpp>
#include <leads/csv/reader.hpp>
#include <leads/error.hpp>

#include <test_files.hpp>

#include <doctest/doctest.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace {

using leads::csv::Compression;

// text as one gzip member (zlib's deflate with a gzip header).
std::string gzip(std::string_view text) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, static_cast<uLong>(text.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// text as one zstd frame.
std::string zstd(std::string_view text) {
  std::string out(ZSTD_compressBound(text.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 3);
  REQUIRE(ZSTD_isError(n) == 0);
  out.resize(n);
  return out;
}

// A source that hands over `data` a few bytes at a time.
leads::csv::Decompressor::Source trickle(std::string data, std::size_t step) {
  auto pos = std::make_shared<std::size_t>(0);
  return [data = std::move(data), step, pos](char* out, std::size_t size) {
    const std::size_t n = std::min({size, step, data.size() - *pos});
    std::memcpy(out, data.data() + *pos, n);
    *pos += n;
    return n;
  };
}

// Everything a decompressor gives, read `step` bytes at a time.
std::string inflate_all(Compression compression, std::string data, std::size_t in_step,
                        std::size_t out_step = 7) {
  leads::csv::Decompressor d(compression, trickle(std::move(data), in_step), "in.csv.gz");
  std::string out;
  std::vector<char> buffer(out_step);
  for (;;) {
    const std::size_t n = d.read(buffer.data(), buffer.size());
    if (n == 0) {
      break;
    }
    out.append(buffer.data(), n);
  }
  return out;
}

leads::Error error_of(Compression compression, std::string data) {
  try {
    inflate_all(compression, std::move(data), 5);
  } catch (const leads::Error& error) {
    return error;
  }
  FAIL("no error raised");
  return leads::Error(leads::ErrorKind::data, "unreachable");
}

// A CSV text long enough to span many buffers of compressed and plain bytes.
std::string many_rows(int rows) {
  std::string text = "email,first_name,score\n";
  for (int i = 0; i < rows; ++i) {
    text += "person" + std::to_string(i) + "@example.com,Name " + std::to_string(i * 7919 % 1000) + "," +
            std::to_string(i % 101) + "\n";
  }
  return text;
}

} // namespace

TEST_SUITE("csv") {
  TEST_CASE("csv::detect_compression") {
    using namespace std::string_view_literals;
    CHECK(leads::csv::detect_compression("\x1F\x8B\x08\0"sv) == Compression::gzip);
    CHECK(leads::csv::detect_compression("\x28\xB5\x2F\xFD"sv) == Compression::zstd);
    CHECK_FALSE(leads::csv::detect_compression("\x28\xB5\x2F"sv)); // too short to tell
    CHECK_FALSE(leads::csv::detect_compression("email,name"));
    CHECK_FALSE(leads::csv::detect_compression("\x1F"));
    CHECK_FALSE(leads::csv::detect_compression(""));
  }

  TEST_CASE("csv::Decompressor") {
    const std::string text = many_rows(3000); // about 100 KB

    SUBCASE("gzip and zstd give the text back, whatever the pieces in and out") {
      for (const std::size_t in_step : {1, 3, 4096, 1 << 20}) {
        CAPTURE(in_step);
        CHECK(inflate_all(Compression::gzip, gzip(text), in_step) == text);
        CHECK(inflate_all(Compression::zstd, zstd(text), in_step) == text);
        CHECK(inflate_all(Compression::gzip, gzip(text), in_step, 1 << 16) == text);
      }
    }

    SUBCASE("concatenated gzip members and zstd frames read as one text") {
      // cat a.gz b.gz > ab.gz is a valid gzip file of a's text, then b's.
      CHECK(inflate_all(Compression::gzip, gzip("a,b\n1,2\n") + gzip("3,4\n") + gzip(""), 2) ==
            "a,b\n1,2\n3,4\n");
      CHECK(inflate_all(Compression::zstd, zstd("a,b\n1,2\n") + zstd("3,4\n"), 2) == "a,b\n1,2\n3,4\n");
    }

    SUBCASE("a cut file is truncated, anywhere it is cut") {
      const std::string whole = gzip(text);
      for (const std::size_t keep : {std::size_t{2}, std::size_t{10}, whole.size() / 2, whole.size() - 1}) {
        CAPTURE(keep);
        const leads::Error e = error_of(Compression::gzip, whole.substr(0, keep));
        CHECK(e.kind() == leads::ErrorKind::data);
        CHECK(e.file() == "in.csv.gz");
        CHECK(e.message() == "the gzip data is truncated: the file ends before its compressed data does");
      }
      const std::string frame = zstd(text);
      for (const std::size_t keep : {std::size_t{4}, frame.size() / 2, frame.size() - 1}) {
        CAPTURE(keep);
        CHECK(error_of(Compression::zstd, frame.substr(0, keep)).message() ==
              "the zstd data is truncated: the file ends before its compressed data does");
      }
    }

    SUBCASE("damaged data and data after the last member are errors") {
      std::string damaged = gzip(text);
      damaged[damaged.size() - 6] ^= 0x55; // the CRC of the text no longer matches
      CHECK(error_of(Compression::gzip, damaged).message() ==
            "the gzip data is damaged (incorrect data check)");
      CHECK(error_of(Compression::gzip, gzip("a\n") + "trailing text").message() ==
            "data after the end of the gzip data (no further gzip member)");
      std::string bad_frame = zstd(text);
      bad_frame[4] = static_cast<char>(bad_frame[4] | 0x08); // a reserved bit of the frame header
      CHECK(error_of(Compression::zstd, bad_frame).message().starts_with("the zstd data is damaged ("));
    }

    SUBCASE("bytes_in counts the compressed bytes decoded") {
      const std::string data = gzip(text);
      leads::csv::Decompressor d(Compression::gzip, trickle(data, 1000), "x");
      char buffer[64];
      CHECK(d.read(buffer, sizeof buffer) == sizeof buffer);
      CHECK(d.bytes_in() > 0);
      CHECK(d.bytes_in() < data.size()); // streaming: not all of it for the first bytes
      while (d.read(buffer, sizeof buffer) > 0) {
      }
      CHECK(d.bytes_in() == data.size());
    }
  }

  TEST_CASE("csv::decompressed") {
    const std::string text = many_rows(2000);
    CHECK(leads::csv::decompressed(gzip(text) + gzip("x\n"), "-") == text + "x\n");
    CHECK(leads::csv::decompressed(zstd(text), "-") == text);
    CHECK(leads::csv::decompressed("ana@example.com\n", "-") == "ana@example.com\n");
    CHECK(leads::csv::decompressed("", "-").empty());
    CHECK_THROWS_WITH_AS(leads::csv::decompressed(gzip(text).substr(0, 100), "<stdin>"),
                         "<stdin>: the gzip data is truncated: the file ends before its compressed data does",
                         leads::Error);
  }

  TEST_CASE("csv::Reader reads compressed input") {
    const std::string text = many_rows(5000);
    // The records of a reader, as "line:email".
    auto records = [](leads::csv::Reader& reader) {
      std::vector<std::string> out;
      leads::csv::Record record;
      while (reader.next(record)) {
        out.push_back(std::to_string(record.line) + ":" + std::string(record.fields[0]));
      }
      return out;
    };
    auto plain = leads::csv::Reader::from_string(text);
    const std::vector<std::string> expected = records(*plain);
    REQUIRE(expected.size() == 5000);

    SUBCASE("by its first bytes, in memory, in a file and in a pipe, at any chunk size") {
      leads::testing::TempDir dir("decompress");
      for (const bool use_zstd : {false, true}) {
        const std::string data = use_zstd ? zstd(text) : gzip(text);
        for (const std::size_t chunk : {std::size_t{7}, std::size_t{256} << 10}) {
          CAPTURE(use_zstd);
          CAPTURE(chunk);
          leads::csv::ReaderOptions options;
          options.chunk_size = chunk;
          auto in_memory = leads::csv::Reader::from_string(data, options);
          CHECK(in_memory->header() == std::vector<std::string>{"email", "first_name", "score"});
          CHECK(records(*in_memory) == expected);
          // Named as plain CSV: the bytes, not the name, tell.
          const auto path = dir.path / "export.csv";
          leads::testing::write_file(path, data);
          auto file = leads::csv::Reader::open(path.string(), options);
          CHECK(records(*file) == expected);
          CHECK(file->bytes_read() == data.size());

          int fds[2];
          REQUIRE(::pipe(fds) == 0);
          std::thread writer([&] {
            std::size_t done = 0;
            while (done < data.size()) {
              const ssize_t n =
                  ::write(fds[1], data.data() + done, std::min<std::size_t>(4096, data.size() - done));
              if (n <= 0) {
                break;
              }
              done += static_cast<std::size_t>(n);
            }
            ::close(fds[1]);
          });
          {
            leads::csv::Reader pipe(fds[0], options);
            CHECK(records(pipe) == expected);
          }
          writer.join();
          ::close(fds[0]);
        }
      }
    }

    SUBCASE("bytes_read() counts the file's bytes, by the share of the text parsed") {
      // Rows of about one length: halfway through them, about half the file
      // (not the text read ahead, nor the text's own size).
      const std::string data = gzip(text);
      leads::csv::ReaderOptions options;
      options.chunk_size = 4096;
      auto reader = leads::csv::Reader::from_string(data, options);
      leads::csv::Record record;
      for (int i = 0; i < 2500; ++i) {
        REQUIRE(reader->next(record));
      }
      CHECK(reader->bytes_read() > data.size() * 4 / 10);
      CHECK(reader->bytes_read() < data.size() * 6 / 10);
      while (reader->next(record)) {
      }
      CHECK(reader->bytes_read() == data.size());
    }

    SUBCASE("a truncated file fails when the parse reaches the cut, naming the file") {
      const std::string data = gzip(text);
      leads::csv::ReaderOptions options;
      options.display_name = "leads.csv.gz";
      options.chunk_size = 4096;
      leads::csv::Record record;
      long rows = 0;
      try {
        auto reader = leads::csv::Reader::from_string(data.substr(0, data.size() / 2), options);
        while (reader->next(record)) {
          ++rows;
        }
        FAIL("no error raised");
      } catch (const leads::Error& e) {
        CHECK(e.kind() == leads::ErrorKind::data);
        CHECK(std::string(e.what()) ==
              "leads.csv.gz: the gzip data is truncated: the file ends before its compressed data does");
      }
      CHECK(rows > 0); // the rows before the cut came first
    }

    SUBCASE("compressed twice, or compressed text that is not CSV, is refused at 1:1") {
      leads::csv::ReaderOptions options;
      options.display_name = "in.csv.gz";
      try {
        leads::csv::Reader::from_string(gzip(zstd(text)), options);
        FAIL("no error raised");
      } catch (const leads::Error& e) {
        CHECK(e.message() == "the file is compressed twice: zstd data inside gzip");
        CHECK(e.line() == 1);
        CHECK(e.column() == 1);
      }
      try {
        leads::csv::Reader::from_string(zstd("%PDF-1.7\n"), options);
        FAIL("no error raised");
      } catch (const leads::Error& e) {
        CHECK(e.message() == "the file is a PDF document, not CSV text");
      }
    }

    SUBCASE("an encoding asked for applies to the decompressed text") {
      leads::csv::ReaderOptions options;
      options.encoding = leads::csv::Encoding::windows1252;
      auto reader = leads::csv::Reader::from_string(gzip("name\nRen\xE9\n"), options);
      leads::csv::Record record;
      REQUIRE(reader->next(record));
      CHECK(record.fields[0] == "Ren\xC3\xA9");
    }
  }
}
