#pragma once

// pykka::Future<T>: a handle to a value (or exception) that is available now or later.
//
// A Future is a cheap, copyable handle; all copies share one state. Exactly one `set` or
// `set_exception` succeeds; a second one throws pykka::Error. `get` may be called any number of
// times, from any number of threads, before or after the value arrives: it blocks only until the
// value is there. A stored exception is rethrown by every `get` with its original type and
// message. Futures returned by ActorRef::ask are set by the actor's context.
//
// Memory ordering: everything the setter did before `set` happens-before `get` returning.

#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include "pykka/detail/future_state.hpp"

namespace pykka {

namespace detail {
/// Converts a user timeout to nanoseconds; throws InvalidArgument if negative.
std::chrono::nanoseconds checked_timeout(std::chrono::nanoseconds timeout);

template <class Rep, class Period>
std::chrono::nanoseconds to_nanoseconds(std::chrono::duration<Rep, Period> timeout) {
  return checked_timeout(std::chrono::duration_cast<std::chrono::nanoseconds>(timeout));
}
}  // namespace detail

/// A value of type T (or `void`) that is available now or in the future.
///
/// @code
///   pykka::Future<int> future;           // a new, unset future
///   std::thread setter([future] { future.set(42); });
///   int answer = future.get(std::chrono::seconds(1));  // 42, or pykka::Timeout
///   setter.join();
/// @endcode
template <class T>
class Future {
 public:
  /// The type get() produces.
  using value_type = T;

  /// Creates a new, unset future.
  Future() : state_(std::make_shared<detail::FutureState<T>>()) {}

  /// Wraps an existing state (used by ask and the combinators).
  explicit Future(std::shared_ptr<detail::FutureState<T>> state) noexcept
      : state_(std::move(state)) {}

  /// Blocks until the value is set, then returns it (or rethrows the stored exception).
  decltype(auto) get() const& {
    state_->wait_and_check(std::nullopt);
    return read();
  }
  /// Blocks at most `timeout`, then returns the value; throws pykka::Timeout if it is still
  /// unset (a zero timeout polls), or pykka::InvalidArgument for a negative timeout.
  template <class Rep, class Period>
  decltype(auto) get(std::chrono::duration<Rep, Period> timeout) const& {
    state_->wait_and_check(detail::to_nanoseconds(timeout));
    return read();
  }
  /// Like get(), on a temporary future: returns the value by value, moving it out when this
  /// handle is its only owner (always, for move-only types).
  T get() && {
    state_->wait_and_check(std::nullopt);
    return take();
  }
  /// Like get(timeout), on a temporary future (see get() &&).
  template <class Rep, class Period>
  T get(std::chrono::duration<Rep, Period> timeout) && {
    state_->wait_and_check(detail::to_nanoseconds(timeout));
    return take();
  }

  /// Sets the value and wakes every waiter; throws pykka::Error if already set.
  template <class U = T>
  requires(!std::is_void_v<U>) void set(U&& value) const {
    state_->set_value(std::forward<U>(value));
  }
  /// Marks a Future<void> as done; throws pykka::Error if already set.
  void set() const requires std::is_void_v<T> { state_->set_value(); }
  /// Stores an exception that every get() rethrows; throws pykka::Error if already set.
  void set_exception(std::exception_ptr error) const { state_->set_exception(std::move(error)); }
  /// Stores the exception currently being handled (call from a catch block).
  void set_exception() const { state_->set_exception(std::current_exception()); }

  /// Returns true if a value or exception is available (get() would not block).
  [[nodiscard]] bool done() const noexcept { return state_->ready(); }

  /// Returns true if both handles share one state.
  friend bool operator==(const Future& a, const Future& b) noexcept { return a.state_ == b.state_; }

  /// Internal: the shared state. Not API.
  [[nodiscard]] const std::shared_ptr<detail::FutureState<T>>& state() const noexcept {
    return state_;
  }

 private:
  decltype(auto) read() const {
    if constexpr (std::is_void_v<T>) {
      return;
    } else {
      return static_cast<const T&>(state_->value());
    }
  }
  T take() const {
    if constexpr (std::is_void_v<T>) {
      return;
    } else if constexpr (std::is_copy_constructible_v<T>) {
      if (state_.use_count() == 1) return std::move(state_->value());
      return state_->value();
    } else {
      return std::move(state_->value());
    }
  }

  std::shared_ptr<detail::FutureState<T>> state_;
};

}  // namespace pykka
