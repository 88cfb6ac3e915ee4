// The expression language on any text, against the canonical lead columns
// and the default named lists. Properties: it compiles, or throws
// leads::Error(usage) pointing into the expression; a compiled expression
// evaluates on any row without throwing.

#include "fuzz.hpp"

#include <leads/config/config.hpp>
#include <leads/error.hpp>
#include <leads/expr/expr.hpp>
#include <leads/lead/fields.hpp>

#include <array>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace leads;
  static const expr::Schema schema = [] {
    expr::Schema s;
    for (std::string_view column : k_field_names) {
      s.columns.emplace_back(column);
    }
    s.columns.emplace_back("lead_source_detail"); // an extra column
    s.lists = config::defaults().lists;
    return s;
  }();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const expr::Expression expression = expr::Expression::compile(text, schema);
    // Rows: all empty, then plausible values, then odd ones in every column.
    std::vector<std::string> row(schema.columns.size());
    const expr::Context context{1'790'000'000};
    (void)expression.matches(std::span<const std::string>(row), context);
    const std::array<std::string_view, 6> values = {"42", "ada@example.com", "2026-11-27T10:00:00Z",
                                                    "DE", "-1e309",          "\xff"};
    for (std::size_t v = 0; v < values.size(); ++v) {
      for (std::size_t c = 0; c < row.size(); ++c) {
        row[c] = values[(c + v) % values.size()];
      }
      (void)expression.matches(std::span<const std::string>(row), context);
    }
  } catch (const Error& e) {
    FUZZ_CHECK(e.kind() == ErrorKind::usage, e.what());
    FUZZ_CHECK(e.column() >= 1 && static_cast<std::size_t>(e.column()) <= size + 1, e.what());
  }
  return 0;
}
