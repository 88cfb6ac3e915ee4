// leads.yaml loading on any text. Property: a configuration loads, or the
// loader throws leads::Error(config) naming a line and column in the file;
// no other exception escapes (yaml-cpp's own included).

#include "fuzz.hpp"

#include <leads/config/config.hpp>
#include <leads/error.hpp>

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace leads;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const config::Config config = config::load_string(text, "leads.yaml");
    FUZZ_CHECK(!config.stages.empty(), "a configuration without stages");
  } catch (const Error& e) {
    FUZZ_CHECK(e.kind() == ErrorKind::config, e.what());
    FUZZ_CHECK(e.file() == "leads.yaml", e.what());
  }
  return 0;
}
