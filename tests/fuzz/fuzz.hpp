#pragma once

// Shared by the fuzz targets: libFuzzer's entry point and a check that stops
// the run (a crash libFuzzer keeps, a failure the corpus replay reports) when a
// property of the library does not hold.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace leads::fuzz {

[[noreturn]] inline void fail(const char* file, int line, const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "%s:%d: property failed: %s%s%.*s\n", file, line, what, detail.empty() ? "" : ": ",
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

// Splits the first byte off the input: options for the run.
inline std::uint8_t take_byte(const std::uint8_t*& data, std::size_t& size) {
  if (size == 0) {
    return 0;
  }
  --size;
  return *data++;
}

} // namespace leads::fuzz

#define FUZZ_CHECK(condition, detail)                                                                        \
  do {                                                                                                       \
    if (!(condition)) {                                                                                      \
      ::leads::fuzz::fail(__FILE__, __LINE__, #condition, detail);                                           \
    }                                                                                                        \
  } while (false)
