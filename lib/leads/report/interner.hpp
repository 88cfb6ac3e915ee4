#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

// Internal to the report module.
namespace leads::report::detail {

// Small numbers for the distinct texts of a column (sources, owners, --by
// values, reasons), in order of first appearance: a lead holds a number, the
// text is kept once.
class Interner {
public:
  std::uint32_t id(std::string_view text) {
    // A column holds a few distinct values, most of the time: compare them.
    if (m_texts.size() <= k_few) {
      for (std::size_t i = 0; i < m_texts.size(); ++i) {
        if (m_texts[i] == text) {
          return static_cast<std::uint32_t>(i);
        }
      }
    } else if (auto found = m_ids.find(text); found != m_ids.end()) {
      return found->second;
    }
    const auto id = static_cast<std::uint32_t>(m_texts.size());
    m_texts.emplace_back(text);
    m_ids.emplace(m_texts.back(), id);
    return id;
  }
  const std::string& text(std::uint32_t id) const { return m_texts[id]; }
  std::size_t size() const { return m_texts.size(); }

private:
  static constexpr std::size_t k_few = 16;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> m_ids;
  std::vector<std::string> m_texts;
};

} // namespace leads::report::detail
