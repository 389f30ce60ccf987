#pragma once

// Shared state behind pykka::Future<T>. Installed because Future is a template; not API.
//
// Life cycle: Empty -> (claimed by exactly one setter) -> Ready. The setter writes the value or
// exception after claiming, then publishes Ready with release ordering; readers observe Ready
// with acquire ordering and only read afterwards, so the stored value is immutable once visible.

#include <atomic>
#include <chrono>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include "pykka/detail/ready_flag.hpp"
#include "pykka/detail/reply_target.hpp"
#include "pykka/detail/type_name.hpp"
#include "pykka/errors.hpp"
#include "pykka/message.hpp"

namespace pykka::detail {

/// Stand-in stored value for Future<void>.
struct VoidValue {};

template <class T>
using stored_t = std::conditional_t<std::is_void_v<T>, VoidValue, T>;

class FutureStateBase : public ReplyTarget {
 public:
  FutureStateBase() = default;
  virtual ~FutureStateBase() { release_error(); }

  /// Returns true once a value or exception is visible.
  [[nodiscard]] bool ready() const noexcept { return ready_.is_set(); }

  /// Blocks until ready.
  void wait() const { ready_.wait(); }
  /// Blocks until ready or until `timeout` passed; returns ready(). Zero polls.
  [[nodiscard]] bool wait_for(std::chrono::nanoseconds timeout) const {
    return ready_.wait_for(timeout);
  }

  /// Waits (forever when timeout is empty), then throws Timeout or the stored exception.
  void wait_and_check(std::optional<std::chrono::nanoseconds> timeout) const;

  /// Stores an exception; throws pykka::Error if the future was already set.
  void set_exception(std::exception_ptr error);

  void set_reply_exception(std::exception_ptr error) noexcept override;

  [[nodiscard]] const std::exception_ptr& error() const noexcept { return error_; }

 protected:
  /// Claims the single right to set; false if another setter already did.
  [[nodiscard]] bool try_claim() noexcept {
    return !claimed_.exchange(true, std::memory_order_acq_rel);
  }
  /// Marks the state ready and wakes every waiter. Call once, after writing value or error_.
  void publish() noexcept { ready_.set(); }
  [[noreturn]] static void throw_already_set();

  /// Drops the stored exception. Kept out of line and named so the ThreadSanitizer suppression
  /// in tests/tsan.supp can match it: libstdc++ counts exception references with uninstrumented
  /// atomics, so the last release on another thread than the catch looks like a race.
  void release_error() noexcept;

  std::exception_ptr error_;  // written once by the claiming setter, before publish()

 private:
  std::atomic<bool> claimed_{false};
  ReadyFlag ready_;
};

template <class T>
class FutureState : public FutureStateBase {
 public:
  using Stored = stored_t<T>;

  /// Stores the value; throws pykka::Error if the future was already set.
  template <class... Args>
  void set_value(Args&&... args) {
    if (!try_claim()) throw_already_set();
    try {
      store(std::forward<Args>(args)...);
    } catch (...) {
      // The value's constructor threw: readers get that exception instead of waiting forever.
      error_ = std::current_exception();
      publish();
      throw;
    }
  }

  /// Stores the value unless already set; returns whether it was stored.
  template <class... Args>
  bool try_set_value(Args&&... args) noexcept {
    if (!try_claim()) return false;
    try {
      store(std::forward<Args>(args)...);
    } catch (...) {
      error_ = std::current_exception();
      publish();
    }
    return true;
  }

  void set_reply(Message&& reply) noexcept override {
    if constexpr (std::is_void_v<T>) {
      (void)reply;
      try_set_value();
    } else if constexpr (std::is_same_v<T, Message>) {
      try_set_value(std::move(reply));
    } else {
      if (reply.is<T>()) {
        try_set_value(std::move(reply.as<T>()));
      } else {
        set_reply_exception(std::make_exception_ptr(TypeError(
            "reply holds " + reply.type_name() + ", but " + type_name<T>() + " was expected")));
      }
    }
  }

  /// Returns the stored value; only valid after a successful wait_and_check().
  [[nodiscard]] Stored& value() noexcept { return *value_; }

 private:
  template <class... Args>
  void store(Args&&... args) {
    value_.emplace(std::forward<Args>(args)...);
    publish();
  }

  std::optional<Stored> value_;  // written once before publish(), read-only afterwards
};

/// Future state for ActorRef::stop: any reply means "stopped" (true), an ActorDeadError means
/// the actor was already dead (false).
class StopFutureState final : public FutureState<bool> {
 public:
  void set_reply(Message&& reply) noexcept override;
  void set_reply_exception(std::exception_ptr error) noexcept override;
};

}  // namespace pykka::detail
