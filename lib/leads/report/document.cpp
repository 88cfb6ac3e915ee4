#include <leads/report/document.hpp>

#include <leads/render/render.hpp>

#include <fmt/format.h>

namespace leads::report::detail {

namespace {

void append_number(std::string& out, double x) {
  // Shortest text that reads back as x; no exponent for the sizes a report has.
  out += fmt::format("{}", x);
}

void newline(std::string& out, int indent) {
  out += '\n';
  out.append(static_cast<std::size_t>(indent), ' ');
}

} // namespace

bool Value::is_container() const {
  return std::holds_alternative<Object>(m_value) || std::holds_alternative<Array>(m_value);
}

bool Value::is_empty_container() const {
  if (const auto* o = std::get_if<Object>(&m_value)) {
    return o->empty();
  }
  if (const auto* a = std::get_if<Array>(&m_value)) {
    return a->empty();
  }
  return false;
}

void Value::append_json(std::string& out, int indent) const {
  if (std::holds_alternative<std::monostate>(m_value)) {
    out += "null";
  } else if (const auto* b = std::get_if<bool>(&m_value)) {
    out += *b ? "true" : "false";
  } else if (const auto* n = std::get_if<std::int64_t>(&m_value)) {
    out += std::to_string(*n);
  } else if (const auto* x = std::get_if<double>(&m_value)) {
    append_number(out, *x);
  } else if (const auto* s = std::get_if<std::string>(&m_value)) {
    render::append_json_string(out, *s);
  } else if (const auto* o = std::get_if<Object>(&m_value)) {
    if (o->empty()) {
      out += "{}";
      return;
    }
    out += '{';
    for (std::size_t i = 0; i < o->size(); ++i) {
      newline(out, indent + 2);
      render::append_json_string(out, (*o)[i].first);
      out += ": ";
      (*o)[i].second.append_json(out, indent + 2);
      if (i + 1 < o->size()) {
        out += ',';
      }
    }
    newline(out, indent);
    out += '}';
  } else if (const auto* a = std::get_if<Array>(&m_value)) {
    if (a->empty()) {
      out += "[]";
      return;
    }
    out += '[';
    for (std::size_t i = 0; i < a->size(); ++i) {
      newline(out, indent + 2);
      (*a)[i].append_json(out, indent + 2);
      if (i + 1 < a->size()) {
        out += ',';
      }
    }
    newline(out, indent);
    out += ']';
  }
}

std::string Value::json() const {
  std::string out;
  append_json(out, 0);
  out += '\n';
  return out;
}

// Appends the value after "key:" or "- " (a scalar on the same line, a
// non-empty container on the lines below, indented by `indent`).
void Value::append_yaml(std::string& out, int indent, bool in_sequence) const {
  if (std::holds_alternative<std::monostate>(m_value)) {
    out += "null";
  } else if (const auto* b = std::get_if<bool>(&m_value)) {
    out += *b ? "true" : "false";
  } else if (const auto* n = std::get_if<std::int64_t>(&m_value)) {
    out += std::to_string(*n);
  } else if (const auto* x = std::get_if<double>(&m_value)) {
    append_number(out, *x);
  } else if (const auto* s = std::get_if<std::string>(&m_value)) {
    render::append_yaml_scalar(out, *s);
  } else if (const auto* o = std::get_if<Object>(&m_value)) {
    if (o->empty()) {
      out += "{}";
      return;
    }
    for (std::size_t i = 0; i < o->size(); ++i) {
      // The first key of a mapping in a sequence item goes on the "- " line.
      if (i > 0 || !in_sequence) {
        newline(out, indent);
      }
      render::append_yaml_scalar(out, (*o)[i].first);
      out += ':';
      const Value& v = (*o)[i].second;
      if (!v.is_container() || v.is_empty_container()) {
        out += ' ';
        v.append_yaml(out, indent + 2, false);
      } else if (std::holds_alternative<Array>(v.m_value)) {
        v.append_yaml(out, indent, false);
      } else {
        v.append_yaml(out, indent + 2, false);
      }
    }
  } else if (const auto* a = std::get_if<Array>(&m_value)) {
    if (a->empty()) {
      out += "[]";
      return;
    }
    for (const Value& item : *a) {
      newline(out, indent);
      out += "- ";
      if (item.is_container() && !item.is_empty_container()) {
        item.append_yaml(out, indent + 2, true);
      } else {
        item.append_yaml(out, indent + 2, false);
      }
    }
  }
}

std::string Value::yaml() const {
  std::string out;
  append_yaml(out, 0, false);
  // The top level starts with a line break (newline() before each key).
  if (!out.empty() && out.front() == '\n') {
    out.erase(0, 1);
  }
  out += '\n';
  return out;
}

} // namespace leads::report::detail
