#pragma once

// ReadyFlag: a one-shot "it happened" flag that threads can block on. Not API.
//
// set() may be called once from any thread; is_set/wait/wait_for from any number of threads.
// set() has release ordering and a waiter returning true has acquire ordering, so everything
// written before set() is visible after a successful wait. No wake-up is ever lost.
//
// Implementation: one 32-bit word. A waiter first spins for a bounded time that adapts to how
// quickly its recent waits ended (a reply to an ask usually arrives within microseconds), then
// parks on a futex after announcing itself in the word; set() makes a system call only if
// someone parked.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace pykka::detail {

class ReadyFlag {
 public:
  ReadyFlag() = default;
  ReadyFlag(const ReadyFlag&) = delete;
  ReadyFlag& operator=(const ReadyFlag&) = delete;

  /// Returns true once set() was called.
  [[nodiscard]] bool is_set() const noexcept {
    return state_.load(std::memory_order_acquire) == kSet;
  }

  /// Sets the flag and wakes every waiter.
  void set() noexcept;

  /// Blocks until the flag is set.
  void wait() const;

  /// Blocks until the flag is set or `timeout` passed; returns is_set(). Zero only polls.
  [[nodiscard]] bool wait_for(std::chrono::nanoseconds timeout) const;

 private:
  static constexpr std::uint32_t kUnset = 0;
  static constexpr std::uint32_t kSet = 1;
  static constexpr std::uint32_t kParked = 2;  // unset, and at least one waiter may be parked

  mutable std::atomic<std::uint32_t> state_{kUnset};
};

}  // namespace pykka::detail
