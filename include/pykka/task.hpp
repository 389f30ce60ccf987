#pragma once

// pykka::Task<T>: the return type of a coroutine that awaits futures, e.g. several asks.
//
// A Task starts running as soon as it is called, on the calling thread, until its first
// suspension; `co_await` on a pykka::Future or another Task suspends it without blocking any
// thread, and it resumes where the completion happens (see pykka/executor.hpp). Its result (or
// the exception escaping its body) completes a pykka::Future<T>, so plain code calls get() on
// it and coroutines co_await it. A Task is a copyable handle to that future; dropping it does
// not cancel the coroutine, which runs to completion and then frees itself.
//
// The coroutine frame is destroyed before its future completes, so whatever is notified of the
// result never races with the frame's teardown. A Task suspended on a future that is never
// completed is never freed (pykka completes every future it hands out).
//
// g++ 12: keep a capturing lambda out of any full-expression that contains co_await (a known
// compiler bug frees the lambda twice); build the lambda, or the future using it, first.

#include <coroutine>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include "pykka/future.hpp"

namespace pykka {

template <class T = void>
class Task;

namespace detail {

template <class T>
class TaskPromise;

template <class T>
class TaskPromiseBase {
 public:
  Task<T> get_return_object() noexcept { return Task<T>(future_); }
  std::suspend_never initial_suspend() const noexcept { return {}; }
  void unhandled_exception() noexcept { error_ = std::current_exception(); }

  struct FinalAwaiter {
    [[nodiscard]] bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<TaskPromise<T>> handle) const noexcept {
      TaskPromiseBase& promise = handle.promise();
      Future<T> result = promise.future_;
      std::exception_ptr error = promise.error_;
      std::optional<stored_t<T>> value;
      if (!error) {
        try {
          value.emplace(std::move(*promise.value_));
        } catch (...) {
          error = std::current_exception();
        }
      }
      handle.destroy();  // from here on, touch nothing of the frame (this awaiter is in it)
      if (error) {
        result.state()->set_reply_exception(std::move(error));
      } else {
        result.state()->try_set_value(std::move(*value));
      }
    }
    void await_resume() const noexcept {}
  };
  FinalAwaiter final_suspend() const noexcept { return {}; }

 protected:
  Future<T> future_;
  std::exception_ptr error_;
  std::optional<stored_t<T>> value_;
};

template <class T>
class TaskPromise : public TaskPromiseBase<T> {
 public:
  template <class U = T>
  requires std::is_convertible_v<U&&, T>
  void return_value(U&& value) { this->value_.emplace(std::forward<U>(value)); }
};

template <>
class TaskPromise<void> : public TaskPromiseBase<void> {
 public:
  void return_void() noexcept { this->value_.emplace(); }
};

}  // namespace detail

/// The result of a coroutine: `co_await` futures inside, get() or co_await the Task outside.
///
/// @code
///   pykka::Task<int> total(pykka::ActorRef<Counter> a, pykka::ActorRef<Counter> b) {
///     int x = co_await a.ask<int>(GetCount{}, pykka::nonblocking);  // no thread blocks
///     int y = co_await b.ask<int>(GetCount{}, pykka::nonblocking);
///     co_return x + y;
///   }
///   int sum = total(a, b).get(std::chrono::seconds(1));  // plain code may block on it
/// @endcode
template <class T>
class [[nodiscard]] Task {
 public:
  /// The coroutine machinery (not called directly).
  using promise_type = detail::TaskPromise<T>;
  /// The type the coroutine co_returns.
  using value_type = T;

  /// Returns the future of the coroutine's result.
  [[nodiscard]] const Future<T>& future() const noexcept { return future_; }
  /// Converts to the future of the coroutine's result.
  operator Future<T>() const noexcept { return future_; }  // NOLINT(google-explicit-constructor)

  /// Blocks until the coroutine finished, then returns its result or rethrows its exception.
  decltype(auto) get() const& { return future_.get(); }
  /// Like get(), throwing pykka::Timeout after `timeout`.
  template <class Rep, class Period>
  decltype(auto) get(std::chrono::duration<Rep, Period> timeout) const& {
    return future_.get(timeout);
  }
  /// Like get(), on a temporary Task: returns the result by value.
  T get() && { return std::move(future_).get(); }
  /// Like get(timeout), on a temporary Task.
  template <class Rep, class Period>
  T get(std::chrono::duration<Rep, Period> timeout) && {
    return std::move(future_).get(timeout);
  }

  /// Returns true once the coroutine has finished. Never blocks.
  [[nodiscard]] bool done() const noexcept { return future_.done(); }

  /// Suspends the awaiting coroutine until this one finished (see Future's co_await).
  auto operator co_await() const& { return future_.operator co_await(); }
  /// Like co_await on a named Task, returning the result by value.
  auto operator co_await() && { return std::move(future_).operator co_await(); }

 private:
  friend class detail::TaskPromiseBase<T>;
  explicit Task(Future<T> future) noexcept : future_(std::move(future)) {}

  Future<T> future_;
};

}  // namespace pykka
