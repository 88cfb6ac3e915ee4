#include <leads/import/spill.hpp>

#include <leads/error.hpp>
#include <leads/store/posix_file.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

namespace leads::import {

namespace {

constexpr std::size_t k_bucket_buffer = 32 * 1024;
constexpr std::size_t k_header_size = spill_detail::k_header_size;

// An unlinked temporary file, so nothing is left behind whatever happens.
int temp_file() {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/leads-import-XXXXXX";
  int fd = ::mkstemp(path.data());
  if (fd < 0) {
    throw Error(ErrorKind::cant_create, "cannot create a temporary file: " + store::posix::errno_text(errno),
                path, 0, 0, "set TMPDIR to a folder with free space");
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
  store::posix::write_all(bucket.fd, bucket.buffer, "temporary file");
  bucket.file_size += bucket.buffer.size();
  bucket.buffer.clear();
}

std::string SpillBuckets::take(unsigned bucket) {
  Bucket& b = m_buckets[bucket];
  std::string out;
  if (b.fd >= 0) {
    out.resize(b.file_size);
    std::size_t done = 0;
    while (done < out.size()) {
      ssize_t n = ::pread(b.fd, out.data() + done, out.size() - done, static_cast<off_t>(done));
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
    b.file_size = 0;
  }
  out += b.buffer;
  std::string().swap(b.buffer);
  return out;
}

void SpillEncoder::begin(std::string& out, const SpillHeader& header, std::size_t fields,
                         std::size_t value_bytes) {
  const std::size_t length = k_header_size + fields * 6 + value_bytes;
  const std::size_t start = out.size();
  out.resize(start + length);
  char* p = out.data() + start;
  const auto length32 = static_cast<std::uint32_t>(length);
  std::memcpy(p, &length32, 4);
  std::memcpy(p + 4, &header.id, 8);
  std::memcpy(p + 12, &header.sequence, 4);
  std::memcpy(p + 16, &header.line, 4);
  std::memcpy(p + 20, &header.input, 2);
  p[22] = header.match;
  m_at = p + k_header_size;
}

void SpillEncoder::set_id(char* record, std::uint64_t id, std::uint32_t sequence, char match) {
  std::memcpy(record + 4, &id, 8);
  std::memcpy(record + 12, &sequence, 4);
  record[22] = match;
}

} // namespace leads::import
