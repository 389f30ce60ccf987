#pragma once

// The pykka log: every record pykka emits goes to one process-wide sink, under the logger name
// "pykka". Until the application installs a sink of its own (or silences pykka with an empty
// one), the default sink writes ERROR and CRITICAL records to stderr, one line each, so that an
// actor dying of an exception is never silent; unlike Pykka's NullHandler default.
//
// Levels carry Python's numeric values (DEBUG 10 … CRITICAL 50). The threshold is checked before
// any formatting, so disabled levels cost one relaxed atomic load. Sinks are called outside
// every internal lock, possibly from many threads at once (actor threads included), and must be
// thread-safe themselves; an exception thrown by a sink is swallowed so logging never breaks
// an actor. set_log_sink may be called at any time from any thread.

#include <functional>
#include <string>
#include <string_view>

namespace pykka {

/// Severity of a log record, with Python's logging numbers.
enum class LogLevel : int {
  debug = 10,
  info = 20,
  warning = 30,
  error = 40,
  critical = 50,
};

/// Returns the Python name of a level: "DEBUG", "INFO", "WARNING", "ERROR" or "CRITICAL".
std::string_view to_string(LogLevel level) noexcept;

/// One record of the pykka log.
struct LogRecord {
  std::string logger = "pykka";      ///< Logger name, always "pykka" (or a "pykka." child).
  LogLevel level = LogLevel::debug;  ///< Severity.
  std::string message;               ///< Pykka's message text, e.g. "Stopped Greeter (urn:…)".
  std::string exception;             ///< "Type: what()" of the exception involved, or empty.
  std::string actor;                 ///< "Class (urn:uuid:…)" of the actor involved, or empty.
  std::string thread_name;           ///< Name of the emitting thread, e.g. "Greeter-1".
};

/// A function receiving log records.
using LogSink = std::function<void(const LogRecord&)>;

/// Installs `sink` as the destination of all pykka log records, replacing the default sink; an
/// empty sink (`nullptr` or `{}`) silences pykka, and default_log_sink() restores the default.
/// Returns the previous sink (the default one if none was installed, empty if pykka was
/// silenced), once no other thread is still inside it (so what it captured may be destroyed);
/// called from inside a sink, it returns without waiting.
/// @code
///   pykka::set_log_sink(nullptr);  // not even errors are printed
/// @endcode
LogSink set_log_sink(LogSink sink);

/// Returns the sink in place at start-up: it writes ERROR and CRITICAL records to stderr, one
/// line each ("ERROR:pykka:Unhandled exception in A (urn:uuid:…): std::runtime_error: boom"),
/// and ignores the other levels. Installed with set_log_sink, it gets only those two levels.
LogSink default_log_sink();

/// Sets the lowest level that is formatted and delivered (default: DEBUG, i.e. everything
/// reaches an installed sink; the default sink takes ERROR and above in any case).
void set_log_level(LogLevel level) noexcept;

/// Returns the current threshold.
LogLevel log_level() noexcept;

/// Returns a sink that writes "LEVEL:pykka:message" lines (plus the exception) to stderr,
/// like Python's logging.basicConfig().
/// @code
///   pykka::set_log_sink(pykka::stderr_log_sink());
/// @endcode
LogSink stderr_log_sink();

/// Returns true if a record at `level` would be delivered: pykka is not silenced, the level
/// passes the threshold and, with the default sink, it is ERROR or CRITICAL.
bool log_enabled(LogLevel level) noexcept;

/// Delivers a record to the sink if its level is enabled. Never throws.
void log(LogRecord record) noexcept;

}  // namespace pykka
