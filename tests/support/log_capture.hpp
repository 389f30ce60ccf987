#pragma once

// Captures pykka log records for assertions; restores the previous sink on destruction.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include <pykka/logging.hpp>

namespace pykka::testing {

class LogCapture {
 public:
  explicit LogCapture(LogLevel level = LogLevel::debug) : previous_level_(log_level()) {
    set_log_level(level);
    previous_ = set_log_sink([this](const LogRecord& record) {
      std::lock_guard lock(mutex_);
      records_.push_back(record);
      changed_.notify_all();
    });
  }
  ~LogCapture() {
    set_log_sink(previous_);
    set_log_level(previous_level_);
  }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  /// Returns a snapshot of all records so far.
  std::vector<LogRecord> records() const {
    std::lock_guard lock(mutex_);
    return records_;
  }

  /// Returns the records at `level` whose message starts with `prefix`.
  std::vector<LogRecord> matching(LogLevel level, const std::string& prefix) const {
    std::vector<LogRecord> found;
    for (auto& record : records()) {
      if (record.level == level && record.message.rfind(prefix, 0) == 0) found.push_back(record);
    }
    return found;
  }

  /// Waits (bounded) until at least `count` records match; returns whether they did.
  bool wait_for(LogLevel level, const std::string& prefix, std::size_t count = 1,
                std::chrono::milliseconds limit = std::chrono::seconds(10)) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] {
      return static_cast<std::size_t>(std::count_if(records_.begin(), records_.end(), [&](auto& r) {
               return r.level == level && r.message.rfind(prefix, 0) == 0;
             })) >= count;
    });
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<LogRecord> records_;  // guarded by mutex_
  LogSink previous_;
  LogLevel previous_level_;
};

}  // namespace pykka::testing
