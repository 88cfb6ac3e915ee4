#pragma once

#include <stdexcept>
#include <string>

namespace leads {

// What went wrong, in the terms a script cares about: each kind maps to one
// sysexits(3) exit code (see exit_code()).
enum class ErrorKind {
  check_failed, // 1: a check found problems
  usage,        // 2: bad command line
  data,         // 65: input data error (unreadable CSV, rejected rows under --strict)
  no_input,     // 66: an input file is missing
  cant_create,  // 73: cannot create an output file
  io,           // 74: read/write failure
  locked,       // 75: the workspace is locked by another run
  config,       // 78: configuration error
  interrupted,  // 130
};

int exit_code(ErrorKind kind);

// The one exception type of the library. Commands let it travel up to main(),
// which prints "leads COMMAND: file:line:col: message" plus the hint and exits
// with exit_code(kind). Library code never prints and never exits.
class Error : public std::runtime_error {
public:
  Error(ErrorKind kind, std::string message, std::string file = {}, long line = 0, long column = 0,
        std::string hint = {});

  ErrorKind kind() const { return m_kind; }
  const std::string& message() const { return m_message; }
  const std::string& file() const { return m_file; }
  long line() const { return m_line; }
  long column() const { return m_column; }
  // What the user can do about it ("try --encoding windows-1252"); may be empty.
  const std::string& hint() const { return m_hint; }

  // "file:line:col: message" (parts that are unknown are left out).
  std::string located() const;

private:
  ErrorKind m_kind;
  std::string m_message;
  std::string m_file;
  long m_line;
  long m_column;
  std::string m_hint;
};

} // namespace leads
