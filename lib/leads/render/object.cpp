#include <leads/render/object.hpp>

#include <leads/render/render.hpp>

#include <fmt/format.h>

#include <cmath>

namespace leads::render {

namespace {

// Numbers as JSON and YAML both read them: integers as they are, other
// values in the shortest form that reads back the same; NaN and infinities
// (which JSON has no words for) as null.
void append_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  out += fmt::format("{}", value);
}

} // namespace

Value::Value(Object value) : m_data(std::make_shared<Object>(std::move(value))) {}
Value::Value(Array value) : m_data(std::make_shared<Array>(std::move(value))) {}

const Array* Value::array() const {
  const auto* array = std::get_if<std::shared_ptr<Array>>(&m_data);
  return array != nullptr ? array->get() : nullptr;
}

void Value::append_json(std::string& out, bool one_line) const {
  if (std::holds_alternative<std::monostate>(m_data)) {
    out += "null";
  } else if (const bool* b = std::get_if<bool>(&m_data)) {
    out += *b ? "true" : "false";
  } else if (const std::int64_t* i = std::get_if<std::int64_t>(&m_data)) {
    out += fmt::format("{}", *i);
  } else if (const double* d = std::get_if<double>(&m_data)) {
    append_number(out, *d);
  } else if (const std::string* s = std::get_if<std::string>(&m_data)) {
    append_json_string(out, *s);
  } else if (const auto* object = std::get_if<std::shared_ptr<Object>>(&m_data)) {
    out += '{';
    bool first = true;
    for (const auto& [key, value] : (*object)->items()) {
      out += first ? "" : ", ";
      first = false;
      append_json_string(out, key);
      out += ": ";
      value.append_json(out, one_line);
    }
    out += '}';
  } else if (const auto* array = std::get_if<std::shared_ptr<Array>>(&m_data)) {
    const bool lines = !one_line && (*array)->one_item_per_line() && !(*array)->empty();
    out += '[';
    bool first = true;
    for (const Value& item : (*array)->items()) {
      out += lines ? (first ? "\n  " : ",\n  ") : (first ? "" : ", ");
      first = false;
      item.append_json(out, one_line);
    }
    out += lines ? "\n]" : "]";
  }
}

void Value::append_yaml(std::string& out, int indent) const {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  if (const auto* object = std::get_if<std::shared_ptr<Object>>(&m_data)) {
    if ((*object)->empty()) {
      out += " {}\n";
      return;
    }
    out += '\n';
    for (const auto& [key, value] : (*object)->items()) {
      out += pad;
      append_yaml_scalar(out, key);
      out += ':';
      value.append_yaml(out, indent + 2);
    }
  } else if (const auto* array = std::get_if<std::shared_ptr<Array>>(&m_data)) {
    if ((*array)->empty()) {
      out += " []\n";
      return;
    }
    out += '\n';
    for (const Value& item : (*array)->items()) {
      out += pad + "-";
      // An object item starts on the dash's line, its keys lined up under the first.
      if (const auto* inner = std::get_if<std::shared_ptr<Object>>(&item.m_data);
          inner && !(*inner)->empty()) {
        std::string body;
        item.append_yaml(body, indent + 2);
        out += ' ';
        out.append(body, 1 + pad.size() + 2, std::string::npos); // drop "\n" and the first key's indent
      } else {
        item.append_yaml(out, indent + 2);
      }
    }
  } else if (const std::string* s = std::get_if<std::string>(&m_data)) {
    out += ' ';
    append_yaml_scalar(out, *s);
    out += '\n';
  } else {
    out += ' ';
    append_json(out); // null, booleans and numbers read the same in YAML
    out += '\n';
  }
}

Object& Object::set(std::string_view key, Value value) {
  for (auto& [k, v] : m_items) {
    if (k == key) {
      v = std::move(value);
      return *this;
    }
  }
  m_items.emplace_back(std::string(key), std::move(value));
  return *this;
}

Object& Object::set_if(bool condition, std::string_view key, Value value) {
  return condition ? set(key, std::move(value)) : *this;
}

Array Array::one_per_line() {
  Array array;
  array.m_lines = true;
  return array;
}

Array& Array::push(Value value) {
  m_items.push_back(std::move(value));
  return *this;
}

std::string to_json(const Value& value) {
  std::string out;
  value.append_json(out);
  out += '\n';
  return out;
}

std::string to_yaml(const Value& value) {
  std::string out;
  value.append_yaml(out, 0);
  // A document that is one scalar, or an empty collection, sits on the first line.
  if (!out.empty() && out.front() == ' ') {
    out.erase(0, 1);
  } else if (!out.empty() && out.front() == '\n') {
    out.erase(0, 1);
  }
  return out;
}

} // namespace leads::render
