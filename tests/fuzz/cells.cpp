// The per-cell fast paths of an import against the normalize functions they
// stand in for, on any text: a fast path must give what the slow one gives.

#include "fuzz.hpp"

#include <leads/import/cell_fast_paths.hpp>
#include <leads/normalize/date.hpp>
#include <leads/normalize/email.hpp>
#include <leads/normalize/text.hpp>
#include <leads/normalize/website.hpp>

#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace leads;
  const std::uint8_t flags = fuzz::take_byte(data, size);
  const std::string_view raw(reinterpret_cast<const char*>(data), size);

  const std::string_view trimmed = import::trim_cell(raw);
  FUZZ_CHECK(trimmed == text::trim(raw), raw);

  std::string email;
  import::cell::email(trimmed, email);
  FUZZ_CHECK(email == normalize::email(trimmed), raw);
  FUZZ_CHECK(import::cell::valid_email(email) == normalize::is_valid_email(email), email);

  if (import::cell::is_plain_name(trimmed)) {
    FUZZ_CHECK(normalize::name(trimmed) == trimmed, trimmed);
  }
  if (import::cell::is_bare_domain(trimmed)) {
    const std::string domain = normalize::website_domain(trimmed);
    FUZZ_CHECK(domain.empty() || domain == trimmed, trimmed); // the import keeps the cell for both
  }

  static constexpr normalize::DateOrder k_orders[] = {normalize::DateOrder::mdy, normalize::DateOrder::dmy,
                                                      normalize::DateOrder::ymd, normalize::DateOrder::mdy};
  const normalize::DateOrder order = k_orders[flags & 3];
  std::string timestamp;
  const bool read = import::normalize_timestamp(trimmed, order, timestamp);
  const auto expected = normalize::timestamp(trimmed, order);
  FUZZ_CHECK(read == expected.has_value(), trimmed);
  if (read) {
    FUZZ_CHECK(timestamp == *expected, trimmed);
  }
  return 0;
}
