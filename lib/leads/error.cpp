#include <leads/error.hpp>

#include <fmt/format.h>

namespace leads {

int exit_code(ErrorKind kind) {
  switch (kind) {
  case ErrorKind::check_failed: return 1;
  case ErrorKind::usage: return 2;
  case ErrorKind::data: return 65;
  case ErrorKind::no_input: return 66;
  case ErrorKind::cant_create: return 73;
  case ErrorKind::io: return 74;
  case ErrorKind::locked: return 75;
  case ErrorKind::config: return 78;
  case ErrorKind::interrupted: return 130;
  }
  return 70;
}

static std::string locate(const std::string& file, long line, long column, const std::string& message) {
  std::string out;
  if (!file.empty()) {
    out = file;
    if (line > 0) {
      out += fmt::format(":{}", line);
      if (column > 0) {
        out += fmt::format(":{}", column);
      }
    }
    out += ": ";
  }
  return out + message;
}

Error::Error(ErrorKind kind, std::string message, std::string file, long line, long column, std::string hint)
    : std::runtime_error(locate(file, line, column, message)), m_kind(kind), m_message(std::move(message)),
      m_file(std::move(file)), m_line(line), m_column(column), m_hint(std::move(hint)) {}

std::string Error::located() const { return what(); }

} // namespace leads
