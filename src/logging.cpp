#include "pykka/logging.hpp"

#include <atomic>
#include <iostream>
#include <memory>
#include <mutex>
#include <utility>

#include "pykka/detail/thread_name.hpp"

namespace pykka {
namespace {

struct SinkSlot {
  std::mutex mutex;
  std::shared_ptr<const LogSink> sink;  // guarded by mutex
};

// Leaked on purpose: actor threads may log while static destructors run at exit.
SinkSlot& slot() {
  static auto* instance = new SinkSlot();
  return *instance;
}

std::atomic<bool> g_has_sink{false};
std::atomic<int> g_level{static_cast<int>(LogLevel::debug)};

}  // namespace

std::string_view to_string(LogLevel level) noexcept {
  switch (level) {
    case LogLevel::debug:
      return "DEBUG";
    case LogLevel::info:
      return "INFO";
    case LogLevel::warning:
      return "WARNING";
    case LogLevel::error:
      return "ERROR";
    case LogLevel::critical:
      return "CRITICAL";
  }
  return "UNKNOWN";
}

LogSink set_log_sink(LogSink sink) {
  auto next = sink ? std::make_shared<const LogSink>(std::move(sink)) : nullptr;
  std::shared_ptr<const LogSink> previous;
  {
    std::lock_guard lock(slot().mutex);
    previous = std::exchange(slot().sink, next);
    g_has_sink.store(next != nullptr, std::memory_order_release);
  }
  return previous ? *previous : LogSink();
}

void set_log_level(LogLevel level) noexcept {
  g_level.store(static_cast<int>(level), std::memory_order_relaxed);
}

LogLevel log_level() noexcept {
  return static_cast<LogLevel>(g_level.load(std::memory_order_relaxed));
}

bool log_enabled(LogLevel level) noexcept {
  return g_has_sink.load(std::memory_order_acquire) &&
         static_cast<int>(level) >= g_level.load(std::memory_order_relaxed);
}

void log(LogRecord record) noexcept {
  if (!log_enabled(record.level)) return;
  std::shared_ptr<const LogSink> sink;
  {
    std::lock_guard lock(slot().mutex);
    sink = slot().sink;
  }
  if (!sink) return;
  try {
    if (record.thread_name.empty()) record.thread_name = detail::current_thread_name();
    (*sink)(record);  // outside the lock: a sink may log or call into pykka
  } catch (...) {
    // A throwing sink must never hurt the actor that logged.
  }
}

LogSink stderr_log_sink() {
  return [](const LogRecord& record) {
    std::string line;
    line.append(to_string(record.level)).append(":").append(record.logger).append(":");
    line.append(record.message);
    if (!record.exception.empty()) line.append("\n").append(record.exception);
    line.append("\n");
    std::cerr << line << std::flush;
  };
}

}  // namespace pykka
