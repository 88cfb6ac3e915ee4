#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace leads::csv {

// The compressed formats an input may come in, told by their first bytes.
enum class Compression { gzip, zstd };

// The format of a compressed input by its first bytes (2 tell gzip, 4 zstd);
// nullopt for anything else (text, or too few bytes to tell).
std::optional<Compression> detect_compression(std::string_view head);
// "gzip", "zstd".
std::string_view compression_name(Compression compression);
// How many first bytes detect_compression() needs at most.
inline constexpr std::size_t k_compression_magic_bytes = 4;

// Decompresses a stream as it is read, a buffer of compressed bytes at a
// time: never the whole input in memory. Reads every member of a gzip file
// (`cat a.gz b.gz` is one valid file) and every frame of a zstd one.
// Throws leads::Error(data) naming the input (`name`) for damaged data, data
// after the last gzip member, or an input that ends before its last
// member's or frame's end ("truncated"), and passes on what the source throws.
class Decompressor {
public:
  // Fills out with up to size compressed bytes; returns how many, 0 at the end.
  using Source = std::function<std::size_t(char* out, std::size_t size)>;

  Decompressor(Compression compression, Source source, std::string name);
  ~Decompressor();
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;

  // Fills out with up to size decompressed bytes (at least 1 unless at the
  // end); returns how many, 0 at the end of the input.
  std::size_t read(char* out, std::size_t size);
  // Compressed bytes decoded so far (safe to ask from another thread than
  // the one reading, for progress bars; the decoder may hold a block).
  std::uint64_t bytes_in() const { return m_bytes_in.load(std::memory_order_relaxed); }
  // Decompressed bytes handed out so far (as bytes_in()).
  std::uint64_t bytes_out() const { return m_bytes_out.load(std::memory_order_relaxed); }
  Compression compression() const { return m_compression; }

private:
  struct Gzip;
  struct Zstd;
  // Refills the compressed buffer when it is used up; false at the source's end.
  bool fill();
  [[noreturn]] void fail(std::string message) const;
  [[noreturn]] void fail_truncated() const;
  std::size_t read_gzip(char* out, std::size_t size);
  std::size_t read_zstd(char* out, std::size_t size);

  Compression m_compression;
  Source m_source;
  std::string m_name;
  std::unique_ptr<char[]> m_in;
  std::size_t m_in_size = 0;  // bytes in m_in
  std::size_t m_in_pos = 0;   // of which consumed
  std::uint64_t m_filled = 0; // bytes taken from the source in all
  bool m_source_done = false;
  bool m_done = false;
  std::atomic<std::uint64_t> m_bytes_in{0};
  std::atomic<std::uint64_t> m_bytes_out{0};
  std::unique_ptr<Gzip> m_gzip;
  std::unique_ptr<Zstd> m_zstd;
};

// A whole input held in memory (a short list, such as move's targets on
// standard input): decompressed when its first bytes are gzip's or zstd's,
// else as it is. Throws as Decompressor does, naming `name`.
std::string decompressed(std::string data, const std::string& name);

} // namespace leads::csv
