#include "pykka/logging.hpp"

#include <atomic>
#include <cerrno>
#include <climits>
#include <iostream>
#include <memory>
#include <mutex>
#include <utility>

#include <unistd.h>

#include "diagnostics/log.hpp"
#include "diagnostics/thread_name.hpp"

namespace pykka {
namespace {

// An installed sink and the number of calls to it in progress, so replacing it can wait for them.
struct InstalledSink {
  explicit InstalledSink(LogSink function) : fn(std::move(function)) {}
  const LogSink fn;
  std::atomic<int> active{0};
};

// The sink in place until the application installs one: failures must not vanish silently, so
// ERROR and CRITICAL records reach stderr, one write per record so that lines from several
// threads never interleave. It writes to the file descriptor rather than std::cerr because actor
// threads may still log while static destructors (std::cerr's included) run at exit.
struct DefaultSink {
  void operator()(const LogRecord& record) const {
    if (record.level < LogLevel::error) return;
    std::string line;
    line.append(to_string(record.level)).append(":").append(record.logger).append(":");
    line.append(record.message);
    if (!record.exception.empty()) {
      // Pykka's messages end with ':' before the traceback; the exception follows on one line.
      line.append(!record.message.empty() && record.message.back() == ':' ? " " : ": ");
      line.append(record.exception);
    }
    line.append("\n");
    const char* data = line.data();
    std::size_t left = line.size();
    while (left > 0) {
      const ssize_t written = ::write(STDERR_FILENO, data, left);
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0) return;  // stderr closed or full: nothing sensible left to do
      data += written;
      left -= static_cast<std::size_t>(written);
    }
  }
};

// The lowest level the installed sink takes: everything for the application's sink, ERROR for
// the default one, nothing when silenced. log_enabled() checks it before any formatting.
constexpr int kFloorCustom = 0;
constexpr int kFloorDefault = static_cast<int>(LogLevel::error);
constexpr int kFloorSilenced = INT_MAX;

struct SinkSlot {
  std::mutex mutex;
  std::shared_ptr<InstalledSink> sink =
      std::make_shared<InstalledSink>(DefaultSink{});  // guarded by mutex
};

// Depth of sink calls on this thread: a sink that replaces the sink must not wait for itself.
thread_local int t_in_sink = 0;

// Leaked on purpose: actor threads may log while static destructors run at exit.
SinkSlot& slot() {
  static auto* instance = new SinkSlot();
  return *instance;
}

std::atomic<int> g_sink_floor{kFloorDefault};
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
  // The default sink is recognised by type, so that restoring what set_log_sink returned
  // restores its ERROR-and-above filtering too.
  const int floor = !sink ? kFloorSilenced
                          : (sink.target<DefaultSink>() != nullptr ? kFloorDefault : kFloorCustom);
  auto next = sink ? std::make_shared<InstalledSink>(std::move(sink)) : nullptr;
  std::shared_ptr<InstalledSink> previous;
  {
    std::lock_guard lock(slot().mutex);
    previous = std::exchange(slot().sink, next);
    g_sink_floor.store(floor, std::memory_order_release);
  }
  if (!previous) return LogSink();
  // Calls that picked up the previous sink counted themselves under the mutex, so once the
  // count drops to zero nobody is inside it: the caller may then destroy what it captured.
  if (t_in_sink == 0) {
    for (int active = previous->active.load(std::memory_order_acquire); active != 0;
         active = previous->active.load(std::memory_order_acquire)) {
      previous->active.wait(active, std::memory_order_acquire);
    }
  }
  return previous->fn;
}

void set_log_level(LogLevel level) noexcept {
  g_level.store(static_cast<int>(level), std::memory_order_relaxed);
}

LogLevel log_level() noexcept {
  return static_cast<LogLevel>(g_level.load(std::memory_order_relaxed));
}

bool log_enabled(LogLevel level) noexcept {
  const int value = static_cast<int>(level);
  return value >= g_sink_floor.load(std::memory_order_acquire) &&
         value >= g_level.load(std::memory_order_relaxed);
}

void log(LogRecord record) noexcept {
  if (!log_enabled(record.level)) return;
  std::shared_ptr<InstalledSink> sink;
  {
    std::lock_guard lock(slot().mutex);
    sink = slot().sink;
    if (sink) sink->active.fetch_add(1, std::memory_order_relaxed);
  }
  if (!sink) return;
  ++t_in_sink;
  try {
    if (record.thread_name.empty()) record.thread_name = detail::current_thread_name();
    sink->fn(record);  // outside the lock: a sink may log or call into pykka
  } catch (...) {
    // A throwing sink must never hurt the actor that logged.
  }
  --t_in_sink;
  if (sink->active.fetch_sub(1, std::memory_order_acq_rel) == 1) sink->active.notify_all();
}

int detail::exchange_sink_depth(int depth) noexcept { return std::exchange(t_in_sink, depth); }

LogSink default_log_sink() { return DefaultSink{}; }

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
