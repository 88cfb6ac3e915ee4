#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace leads::render {

// A JSON value or YAML node built in order, for summaries and reports that a
// command prints as --format json or yaml: objects keep their keys in the
// order they were set, so the output is deterministic and reads as written.
class Object;
class Array;

class Value {
public:
  Value() = default; // null
  Value(std::nullptr_t) {}
  Value(bool value) : m_data(value) {}
  Value(int value) : m_data(static_cast<std::int64_t>(value)) {}
  Value(long value) : m_data(static_cast<std::int64_t>(value)) {}
  Value(long long value) : m_data(static_cast<std::int64_t>(value)) {}
  Value(unsigned long value) : m_data(static_cast<std::int64_t>(value)) {}
  Value(double value) : m_data(value) {}
  Value(const char* value) : m_data(std::string(value)) {}
  Value(std::string_view value) : m_data(std::string(value)) {}
  Value(std::string value) : m_data(std::move(value)) {}
  Value(Object value);
  Value(Array value);

  bool is_null() const { return std::holds_alternative<std::monostate>(m_data); }
  // The array this value is; nullptr when it is none.
  const Array* array() const;

  // The value as JSON: on one line, ", " between items and ": " after keys;
  // an array made with Array::one_per_line() puts each item on its own line,
  // unless one_line.
  void append_json(std::string& out, bool one_line = false) const;
  // The value as the body of a YAML document (block style) at indent spaces.
  void append_yaml(std::string& out, int indent) const;

private:
  friend class Object;
  friend class Array;
  std::variant<std::monostate, bool, std::int64_t, double, std::string, std::shared_ptr<Object>,
               std::shared_ptr<Array>>
      m_data;
};

class Object {
public:
  // Sets key (a new key goes last; a key set again keeps its place).
  Object& set(std::string_view key, Value value);
  // Sets key unless value is empty/zero-like as the caller decides (for keys
  // that appear only when they say something).
  Object& set_if(bool condition, std::string_view key, Value value);
  bool empty() const { return m_items.empty(); }
  const std::vector<std::pair<std::string, Value>>& items() const { return m_items; }

private:
  std::vector<std::pair<std::string, Value>> m_items;
};

class Array {
public:
  // An array whose JSON puts each item on a line of its own (lists of
  // problems a person reads), rather than all on one line.
  static Array one_per_line();
  Array& push(Value value);
  bool empty() const { return m_items.empty(); }
  bool one_item_per_line() const { return m_lines; }
  const std::vector<Value>& items() const { return m_items; }

private:
  std::vector<Value> m_items;
  bool m_lines = false;
};

// The document, ending in a line break.
std::string to_json(const Value& value);
std::string to_yaml(const Value& value);

} // namespace leads::render
