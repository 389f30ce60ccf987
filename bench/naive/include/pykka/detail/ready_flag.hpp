#pragma once

// Benchmark baseline ("naive port"): the first, mutex + condition-variable implementation of this
// header, kept so bench/run.sh can measure the optimised runtime against it in the same run. It
// replaces the library header of the same name only in the bench_*_naive binaries.

// ReadyFlag: a one-shot "it happened" flag that threads can block on. Not API.
//
// set() may be called once from any thread; is_set/wait/wait_for from any number of threads.
// set() has release ordering and a waiter returning true has acquire ordering, so everything
// written before set() is visible after a successful wait. No wake-up is ever lost.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace pykka::detail {

class ReadyFlag {
 public:
  ReadyFlag() = default;
  ReadyFlag(const ReadyFlag&) = delete;
  ReadyFlag& operator=(const ReadyFlag&) = delete;

  /// Returns true once set() was called.
  [[nodiscard]] bool is_set() const noexcept { return set_.load(std::memory_order_acquire); }

  /// Sets the flag and wakes every waiter.
  void set() noexcept;

  /// Blocks until the flag is set.
  void wait() const;

  /// Blocks until the flag is set or `timeout` passed; returns is_set(). Zero only polls.
  [[nodiscard]] bool wait_for(std::chrono::nanoseconds timeout) const;

 private:
  std::atomic<bool> set_{false};
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  mutable int waiters_ = 0;  // guarded by mutex_
};

}  // namespace pykka::detail
