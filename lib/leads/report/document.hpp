#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

// Internal to the report module: a JSON-like tree with keys in the order they
// were added, written as JSON or YAML, so that both formats have one schema.
namespace leads::report::detail {

class Value {
public:
  using Object = std::vector<std::pair<std::string, Value>>;
  using Array = std::vector<Value>;

  Value() = default; // null
  Value(bool b) : m_value(b) {}
  Value(long n) : m_value(static_cast<std::int64_t>(n)) {}
  Value(long long n) : m_value(static_cast<std::int64_t>(n)) {}
  Value(double x) : m_value(x) {}
  Value(std::string s) : m_value(std::move(s)) {}
  Value(const char* s) : m_value(std::string(s)) {}
  Value(std::string_view s) : m_value(std::string(s)) {}

  static Value object() {
    Value v;
    v.m_value = Object{};
    return v;
  }
  static Value array() {
    Value v;
    v.m_value = Array{};
    return v;
  }

  // Appends a key to an object; returns the new value.
  Value& add(std::string key, Value value) {
    auto& members = std::get<Object>(m_value);
    members.emplace_back(std::move(key), std::move(value));
    return members.back().second;
  }
  // Appends an item to an array.
  Value& push(Value value) {
    auto& items = std::get<Array>(m_value);
    items.push_back(std::move(value));
    return items.back();
  }

  // Pretty JSON (2-space indent) and block YAML, each ending with a line break.
  std::string json() const;
  std::string yaml() const;

private:
  void append_json(std::string& out, int indent) const;
  void append_yaml(std::string& out, int indent, bool in_sequence) const;
  bool is_container() const;
  bool is_empty_container() const;

  std::variant<std::monostate, bool, std::int64_t, double, std::string, Object, Array> m_value;
};

} // namespace leads::report::detail
