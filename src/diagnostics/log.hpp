#pragma once

// Private shorthand for emitting pykka log records.

#include <exception>
#include <string>
#include <utility>

#include "pykka/detail/actor_cell.hpp"
#include "pykka/logging.hpp"

namespace pykka::detail {

/// Emits a record if `level` is enabled; `make_message` is only called when it is.
template <class MakeMessage>
void log_event(LogLevel level, MakeMessage&& make_message, const std::string& actor = {},
               const std::exception_ptr& error = nullptr);

/// The same for a record about `cell`: its display name is formatted only if the record is
/// emitted (starting, registering and stopping an actor log at DEBUG, which is usually off).
template <class MakeMessage>
void log_event(LogLevel level, MakeMessage&& make_message, const ActorCell& cell,
               const std::exception_ptr& error = nullptr) {
  if (!log_enabled(level)) return;
  std::string actor;
  try {
    actor = cell.display();
  } catch (...) {
    return;  // out of memory: logging must never break the caller
  }
  log_event(level, std::forward<MakeMessage>(make_message), actor, error);
}

std::string describe_exception(const std::exception_ptr& error);

/// Sets how many log sinks the calling thread is inside; returns the previous count. For a
/// runtime that switches a thread between actors' suspended stacks.
int exchange_sink_depth(int depth) noexcept;

template <class MakeMessage>
void log_event(LogLevel level, MakeMessage&& make_message, const std::string& actor,
               const std::exception_ptr& error) {
  if (!log_enabled(level)) return;
  try {
    LogRecord record;
    record.level = level;
    record.message = make_message();
    record.actor = actor;
    if (error) record.exception = describe_exception(error);
    log(std::move(record));
  } catch (...) {
    // Formatting failed (e.g. out of memory): logging must never break the caller.
  }
}

}  // namespace pykka::detail
