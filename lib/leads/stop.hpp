#pragma once

namespace leads {

// A request to stop a long run early (Ctrl-C, kill): the command's signal
// handler makes it; the library polls it between chunks of work, before
// anything is committed, and unwinds as after any error (so that an
// interrupted import changes nothing).

// Async-signal-safe: may be called from a signal handler.
void request_stop() noexcept;
bool stop_requested() noexcept;
// Throws leads::Error(interrupted) once a stop was requested.
void throw_if_stop_requested();
// For tests: forget a request.
void clear_stop_request() noexcept;

} // namespace leads
