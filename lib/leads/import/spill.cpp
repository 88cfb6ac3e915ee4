#include <leads/import/spill.hpp>

#include <leads/csv/writer.hpp>
#include <leads/error.hpp>
#include <leads/store/posix_file.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

namespace leads::import {

namespace {

constexpr std::size_t k_bucket_buffer = 32 * 1024;
constexpr std::size_t k_header_size = spill_detail::k_header_size;

// Where the temporary files go: TMPDIR, else /tmp.
std::string temp_dir() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/tmp";
}

// An unlinked temporary file, so nothing is left behind whatever happens.
int temp_file() {
  std::string path = temp_dir() + "/leads-import-XXXXXX";
  int fd = ::mkstemp(path.data());
  if (fd < 0) {
    const int error = errno;
    // An import keeps up to one file a bucket open (64) besides its inputs.
    const bool too_many = error == EMFILE || error == ENFILE;
    throw Error(ErrorKind::cant_create, "cannot create a temporary file: " + store::posix::errno_text(error),
                path, 0, 0,
                too_many ? "allow more open files (ulimit -n 1024) and run it again"
                         : "set TMPDIR to a folder where files can be made, with free space");
  }
  ::unlink(path.c_str());
  return fd;
}

} // namespace

SpillBuckets::SpillBuckets() {
  for (Bucket& bucket : m_buckets) {
    bucket.buffer.reserve(k_bucket_buffer + 4096);
  }
}

SpillBuckets::~SpillBuckets() {
  for (Bucket& bucket : m_buckets) {
    if (bucket.fd >= 0) {
      ::close(bucket.fd);
    }
  }
}

void SpillBuckets::appended(unsigned bucket) {
  Bucket& b = m_buckets[bucket];
  if (b.buffer.size() >= k_bucket_buffer) {
    spill(b);
  }
}

void SpillBuckets::spill(Bucket& bucket) {
  if (bucket.fd < 0) {
    bucket.fd = temp_file();
  }
  // Said of the folder the user can act on (the file has no name).
  if (const int error = store::posix::try_write_all(bucket.fd, bucket.buffer)) {
    throw Error(ErrorKind::io, "cannot write a temporary file: " + store::posix::errno_text(error),
                temp_dir(), 0, 0, "free some space there, or set TMPDIR to a folder with more");
  }
  bucket.file_size += bucket.buffer.size();
  bucket.buffer.clear();
}

char* SpillBytes::resize(std::size_t size) {
  if (size > m_capacity) {
    m_capacity = std::max(size, m_capacity + m_capacity / 2);
    m_data = std::make_unique_for_overwrite<char[]>(m_capacity);
  }
  m_size = size;
  return m_data.get();
}

void SpillBuckets::take(unsigned bucket, SpillBytes& out) {
  Bucket& b = m_buckets[bucket];
  char* const data = out.resize(b.file_size + b.buffer.size());
  if (b.fd >= 0) {
    std::size_t done = 0;
    while (done < b.file_size) {
      ssize_t n = ::pread(b.fd, data + done, b.file_size - done, static_cast<off_t>(done));
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        throw Error(ErrorKind::io, "cannot read a temporary file: " + store::posix::errno_text(errno));
      }
      done += static_cast<std::size_t>(n);
    }
    ::close(b.fd);
    b.fd = -1;
  }
  if (!b.buffer.empty()) {
    std::memcpy(data + b.file_size, b.buffer.data(), b.buffer.size());
  }
  b.file_size = 0;
  std::string().swap(b.buffer);
}

void SpillEncoder::append(std::string& out, const SpillHeader& header,
                          std::span<const std::string_view> values, std::uint8_t defaults,
                          std::string_view own_stage_at, const SpillHistory& history) {
  const std::size_t start = out.size();
  out.resize(start + k_header_size);
  csv::append_row(out, values);
  out.pop_back(); // the line end: phase 2 writes it
  const auto line_length = static_cast<std::uint32_t>(out.size() - start - k_header_size);
  if ((defaults & spill_defaults::k_own_stage_at) != 0) {
    const auto size = static_cast<std::uint32_t>(own_stage_at.size());
    out.append(reinterpret_cast<const char*>(&size), 4);
    out.append(own_stage_at);
  }
  if ((defaults & spill_defaults::k_history) != 0) {
    const auto size = static_cast<std::uint32_t>(history.stage_dates.size());
    out.append(reinterpret_cast<const char*>(&size), 4);
    out.append(history.stage_dates);
  }
  char* p = out.data() + start;
  const auto length = static_cast<std::uint32_t>(out.size() - start);
  const auto width = static_cast<std::uint16_t>(values.size());
  std::memcpy(p, &length, 4);
  std::memcpy(p + 4, &header.id, 8);
  std::memcpy(p + 12, &header.sequence, 4);
  std::memcpy(p + 16, &header.line, 4);
  std::memcpy(p + 20, &header.input, 2);
  p[22] = header.match;
  p[23] = static_cast<char>(defaults);
  std::memcpy(p + 24, &width, 2);
  std::memcpy(p + 26, &line_length, 4);
  p[30] = static_cast<char>(header.stage);
}

void SpillEncoder::set_id(char* record, std::uint64_t id, std::uint32_t sequence, char match) {
  std::memcpy(record + 4, &id, 8);
  std::memcpy(record + 12, &sequence, 4);
  record[22] = match;
}

void SpillEncoder::drop_values(char* record, std::uint8_t bits) {
  record[23] = static_cast<char>(record[23] | bits);
}

} // namespace leads::import
