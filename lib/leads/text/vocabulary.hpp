#pragma once

#include <leads/text/strings.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leads::text {

// One spelling of a value of a closed set.
template <typename T> struct Word {
  std::string_view name;
  T value;
};

// The spellings of a closed set of values (a merge policy, a date order, an
// output format), written once beside the type and used by the command line,
// the configuration and messages alike. Names compare ignoring ASCII case;
// a value may have several spellings, the first is the one written.
template <typename T> class Vocabulary {
public:
  constexpr explicit Vocabulary(std::span<const Word<T>> words) : m_words(words) {}

  std::optional<T> parse(std::string_view name) const {
    for (const Word<T>& word : m_words) {
      if (equals_ignoring_case(word.name, name)) {
        return word.value;
      }
    }
    return std::nullopt;
  }

  std::string_view name(T value) const {
    for (const Word<T>& word : m_words) {
      if (word.value == value) {
        return word.name;
      }
    }
    return {};
  }

  // Every spelling, in order.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const Word<T>& word : m_words) {
      out.emplace_back(word.name);
    }
    return out;
  }

  // "mdy, dmy or ymd": the first spelling of each value, for messages.
  std::string listed() const {
    std::vector<std::string_view> firsts;
    for (const Word<T>& word : m_words) {
      if (name(word.value) == word.name) {
        firsts.push_back(word.name);
      }
    }
    std::string out;
    for (std::size_t i = 0; i < firsts.size(); ++i) {
      out += i == 0 ? "" : i + 1 == firsts.size() ? " or " : ", ";
      out += firsts[i];
    }
    return out;
  }

private:
  std::span<const Word<T>> m_words;
};

} // namespace leads::text
