#pragma once

// A one-shot event with bounded waits, for synchronising tests with actors without sleeps.

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace pykka::testing {

/// Default bound on every wait in the test suite.
inline constexpr std::chrono::seconds kWaitLimit{10};

class Event {
 public:
  void set() {
    std::lock_guard lock(mutex_);
    set_ = true;
    changed_.notify_all();
  }
  [[nodiscard]] bool is_set() const {
    std::lock_guard lock(mutex_);
    return set_;
  }
  /// Waits until set or the limit passed; returns whether it was set.
  [[nodiscard]] bool wait(std::chrono::milliseconds limit = kWaitLimit) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [this] { return set_; });
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  bool set_ = false;  // guarded by mutex_
};

}  // namespace pykka::testing
