#include <leads/csv/decompress.hpp>

#include <leads/error.hpp>

#include <fmt/format.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <new>

namespace leads::csv {

namespace {

// Compressed bytes read from the source at a time.
constexpr std::size_t k_in_size = std::size_t{128} << 10;

constexpr std::string_view k_gzip_magic = "\x1F\x8B";
constexpr std::string_view k_zstd_magic = "\x28\xB5\x2F\xFD";

} // namespace

std::optional<Compression> detect_compression(std::string_view head) {
  if (head.starts_with(k_gzip_magic)) {
    return Compression::gzip;
  }
  if (head.starts_with(k_zstd_magic)) {
    return Compression::zstd;
  }
  return std::nullopt;
}

std::string_view compression_name(Compression compression) {
  return compression == Compression::gzip ? "gzip" : "zstd";
}

struct Decompressor::Gzip {
  z_stream stream{};
  bool in_member = true; // inside a member: its end not reached yet
  long members = 1;      // members started

  Gzip() {
    // 16 + window bits: a gzip header and trailer (CRC and length checked).
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
      throw std::bad_alloc();
    }
  }
  ~Gzip() { inflateEnd(&stream); }
  Gzip(const Gzip&) = delete;
  Gzip& operator=(const Gzip&) = delete;
};

struct Decompressor::Zstd {
  ZSTD_DCtx* context = ZSTD_createDCtx();
  std::size_t last = 1; // what the last call returned: 0 once a frame is whole and flushed

  Zstd() {
    if (context == nullptr) {
      throw std::bad_alloc();
    }
  }
  ~Zstd() { ZSTD_freeDCtx(context); }
  Zstd(const Zstd&) = delete;
  Zstd& operator=(const Zstd&) = delete;
};

Decompressor::Decompressor(Compression compression, Source source, std::string name)
    : m_compression(compression), m_source(std::move(source)), m_name(std::move(name)),
      m_in(new char[k_in_size]) {
  if (compression == Compression::gzip) {
    m_gzip = std::make_unique<Gzip>();
  } else {
    m_zstd = std::make_unique<Zstd>();
  }
}

Decompressor::~Decompressor() = default;

bool Decompressor::fill() {
  if (m_source_done) {
    return false;
  }
  const std::size_t n = m_source(m_in.get(), k_in_size);
  if (n == 0) {
    m_source_done = true;
    return false;
  }
  m_in_size = n;
  m_in_pos = 0;
  m_filled += n;
  return true;
}

void Decompressor::fail(std::string message) const {
  throw Error(ErrorKind::data, std::move(message), m_name, 0, 0,
              fmt::format("the file is damaged: fetch or copy it again ({} -t FILE tests it)",
                          compression_name(m_compression)));
}

void Decompressor::fail_truncated() const {
  throw Error(ErrorKind::data,
              fmt::format("the {} data is truncated: the file ends before its compressed data does",
                          compression_name(m_compression)),
              m_name, 0, 0,
              fmt::format("the file was cut short (an interrupted download or copy?): fetch or copy it again "
                          "({} -t FILE tests it)",
                          compression_name(m_compression)));
}

std::size_t Decompressor::read(char* out, std::size_t size) {
  if (m_done || size == 0) {
    return 0;
  }
  const std::size_t n = m_gzip ? read_gzip(out, size) : read_zstd(out, size);
  m_bytes_in.store(m_filled - (m_in_size - m_in_pos), std::memory_order_relaxed);
  m_bytes_out.fetch_add(n, std::memory_order_relaxed);
  return n;
}

std::size_t Decompressor::read_gzip(char* out, std::size_t size) {
  z_stream& z = m_gzip->stream;
  const auto want = static_cast<uInt>(std::min<std::size_t>(size, UINT_MAX));
  z.next_out = reinterpret_cast<Bytef*>(out);
  z.avail_out = want;
  while (z.avail_out == want) {
    if (m_in_pos == m_in_size && !fill()) {
      if (m_gzip->in_member) {
        fail_truncated();
      }
      m_done = true;
      break;
    }
    if (!m_gzip->in_member) {
      // More after a member's end: the next member (gzip files may be concatenated).
      inflateReset(&z);
      m_gzip->in_member = true;
      ++m_gzip->members;
    }
    z.next_in = reinterpret_cast<Bytef*>(m_in.get() + m_in_pos);
    z.avail_in = static_cast<uInt>(m_in_size - m_in_pos);
    const int status = inflate(&z, Z_NO_FLUSH);
    m_in_pos = m_in_size - z.avail_in;
    if (status == Z_STREAM_END) {
      m_gzip->in_member = false;
    } else if (status == Z_MEM_ERROR) {
      throw std::bad_alloc();
    } else if (status != Z_OK && status != Z_BUF_ERROR) {
      const std::string what = z.msg != nullptr ? z.msg : "unknown error";
      if (m_gzip->members > 1 && what == "incorrect header check") {
        fail("data after the end of the gzip data (no further gzip member)");
      }
      fail(fmt::format("the gzip data is damaged ({})", what));
    }
  }
  return want - z.avail_out;
}

std::size_t Decompressor::read_zstd(char* out, std::size_t size) {
  ZSTD_outBuffer output{out, size, 0};
  auto step = [&](ZSTD_inBuffer& input) {
    const std::size_t status = ZSTD_decompressStream(m_zstd->context, &output, &input);
    if (ZSTD_isError(status) != 0) {
      fail(fmt::format("the zstd data is damaged ({})", ZSTD_getErrorName(status)));
    }
    m_zstd->last = status;
  };
  while (output.pos == 0) {
    if (m_in_pos == m_in_size && !fill()) {
      if (m_zstd->last == 0) {
        m_done = true;
        break;
      }
      // What the decoder holds yet, if anything; nothing means the input stopped short.
      ZSTD_inBuffer none{nullptr, 0, 0};
      step(none);
      if (output.pos == 0) {
        fail_truncated();
      }
      break;
    }
    ZSTD_inBuffer input{m_in.get(), m_in_size, m_in_pos};
    step(input);
    m_in_pos = input.pos;
  }
  return output.pos;
}

std::string decompressed(std::string data, const std::string& name) {
  const std::optional<Compression> compression = detect_compression(data);
  if (!compression) {
    return data;
  }
  std::size_t pos = 0;
  Decompressor decompressor(
      *compression,
      [&](char* out, std::size_t size) {
        const std::size_t n = std::min(size, data.size() - pos);
        std::memcpy(out, data.data() + pos, n);
        pos += n;
        return n;
      },
      name);
  std::string text;
  constexpr std::size_t k_step = std::size_t{64} << 10;
  for (;;) {
    const std::size_t used = text.size();
    text.resize(used + k_step);
    const std::size_t n = decompressor.read(text.data() + used, k_step);
    text.resize(used + n);
    if (n == 0) {
      return text;
    }
  }
}

} // namespace leads::csv
