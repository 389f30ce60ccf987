#pragma once

// pykka::Future<T>: a handle to a value (or exception) that is available now or later.
//
// A Future is a cheap, copyable handle; all copies share one state. Exactly one `set` or
// `set_exception` succeeds, and not on a future with a get hook; a second one throws
// pykka::Error. A later `set_get_hook` replaces the earlier hook, as in Pykka. `get` may be
// called any number of times, from any number of threads, before or after the value arrives: it
// blocks only until the value is there. A stored exception is rethrown by every `get` with its
// original type and message. Futures returned by ActorRef::ask are set by the actor's context.
//
// Beyond get: `done` polls; `on_done`/`then` register completion callbacks; `co_await` suspends
// a C++20 coroutine until completion without blocking a thread (see pykka/task.hpp);
// `map`/`filter`/`reduce`/`join` derive new futures, computed on the first get.
//
// Callback thread: a callback registered before completion runs on the thread that completes
// the future (inside set/set_exception, or the actor delivering a reply), after the value is
// visible and with no pykka lock held. One registered after completion runs on the registering
// thread before on_done/then returns. Callbacks must be short and must not block: they may run
// on an actor's thread. Running them inline needs no extra thread and costs no hand-off (a
// wake-up of another thread costs tens of microseconds). A callback that completes another
// future, or registers on a complete one, does not nest the callbacks that triggers: they run on
// the same thread right after it returns, so long chains keep a flat stack. Each callback runs
// exactly once; an exception escaping one is logged at ERROR.
//
// Memory ordering: everything the setter did before `set` happens-before `get` returning and
// before the callbacks run.

#include <atomic>
#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "pykka/detail/future_awaiter.hpp"
#include "pykka/detail/future_state.hpp"

namespace pykka {

namespace detail {
/// The longest timeout honoured (about 100 years); longer ones, such as seconds::max() used as
/// "forever", are cut to it, so no deadline computed from a timeout can overflow.
inline constexpr std::chrono::nanoseconds kLongestTimeout = std::chrono::hours(24 * 365 * 100);

/// Converts a count of nanoseconds to a timeout, saturating at kLongestTimeout; throws
/// InvalidArgument if negative or NaN.
std::chrono::nanoseconds checked_timeout(long double nanoseconds);

template <class Rep, class Period>
std::chrono::nanoseconds to_nanoseconds(std::chrono::duration<Rep, Period> timeout) {
  // Through long double, which holds any integer count of nanoseconds exactly and cannot
  // overflow on the way (hours::max() in nanoseconds would).
  return checked_timeout(std::chrono::duration<long double, std::nano>(timeout).count());
}
}  // namespace detail

/// The timeout a get hook receives: empty when get() waits forever.
using GetTimeout = std::optional<std::chrono::nanoseconds>;

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

  /// Sets the value, wakes every waiter and runs the callbacks registered so far on this
  /// thread; throws pykka::Error if already set or if the future has a get hook.
  template <class U = T>
  requires(!std::is_void_v<U>) void set(U&& value) const {
    state_->set_value(std::forward<U>(value));
  }
  /// Marks a Future<void> as done; throws pykka::Error if already set or hooked.
  void set() const requires std::is_void_v<T> { state_->set_value(); }
  /// Stores an exception that every get() rethrows; throws pykka::Error if already set.
  void set_exception(std::exception_ptr error) const { state_->set_exception(std::move(error)); }
  /// Stores the exception currently being handled (call from a catch block).
  void set_exception() const { state_->set_exception(std::current_exception()); }

  /// Makes `hook(timeout)` produce the value on the first get, on the getting thread, with that
  /// get's timeout (a GetTimeout). Its result, or the exception it throws, is kept and returned
  /// by every later get, so it runs once even when it returns nothing; only pykka::Timeout is
  /// not kept, so a later get with more time runs it again. Concurrent getters wait for the
  /// running one. Excludes set/set_exception: throws pykka::Error if the future is set, and
  /// set() throws afterwards. Install it before sharing the future: a get already blocked when
  /// the hook arrives keeps waiting for the next get to run it. Registering a callback (or
  /// co_await) on a hooked future runs the hook at that point.
  /// Calling it again replaces the hook, from any thread and without blocking, until the hook
  /// has produced the value: a run already in progress finishes with the old function, and its
  /// outcome stands unless it is a Timeout, after which the next run uses the new one. Throws
  /// pykka::Error once the hook has completed the future, and on futures returned by
  /// map/filter/reduce/join, whose hooks compute from their source futures.
  /// @code
  ///   pykka::Future<int> lazy;
  ///   lazy.set_get_hook([](pykka::GetTimeout) { return 42; });
  ///   assert(lazy.get() == 42);
  /// @endcode
  template <class F>
  void set_get_hook(F&& hook) const {
    state_->set_get_hook(std::forward<F>(hook));
  }

  /// Returns a future of `fn(value)`: the whole value, computed once on the first get (on the
  /// getting thread), with that get's timeout passed on to this future. Exceptions from this
  /// future or from `fn` are rethrown by the new future's get. For Future<void>, `fn()`.
  template <class F>
  auto map(F&& fn) const;
  /// Returns a future of a std::vector with the items of this future's range value that pass
  /// `pred`, computed once on the first get. A value that is not a range makes get throw
  /// pykka::TypeError.
  template <class Pred>
  auto filter(Pred&& pred) const;
  /// Returns a future of `fn` applied cumulatively, left to right, to the items of this future's
  /// range value (the first item starts). get throws pykka::TypeError if the value is not a
  /// range or is empty.
  template <class F>
  auto reduce(F&& fn) const;
  /// Like reduce(fn), starting from `initial`; an empty range yields `initial`.
  template <class F, class I>
  auto reduce(F&& fn, I&& initial) const;
  /// Returns a future of a std::tuple with this future's value and the others', in order; its
  /// get(timeout) waits at most `timeout` in total and rethrows the first failure in order.
  template <class... U>
  Future<std::tuple<T, U...>> join(const Future<U>&... others) const;

  /// Returns true if get() would not wait for another thread: the value or exception is there
  /// (or, for a map/filter/reduce/join future, the futures it derives from are done). Never
  /// blocks.
  [[nodiscard]] bool done() const noexcept { return state_->done(); }

  /// Calls `fn(future)` (or `fn()`) exactly once when this future completes, on the thread
  /// described in the header comment; never blocks unless the future has a get hook.
  /// @code
  ///   reply.on_done([](const pykka::Future<int>& done) { std::cout << done.get() << "\n"; });
  /// @endcode
  template <class F>
  void on_done(F&& fn) const;
  /// Like on_done, but returns a future of fn's result (or of the exception fn throws).
  template <class F>
  auto then(F&& fn) const;

  /// Suspends the awaiting coroutine until this future completes, then returns get()'s result
  /// (by reference into the shared state). No thread blocks; see pykka/task.hpp for where the
  /// coroutine resumes.
  auto operator co_await() const& { return detail::FutureAwaiter<T, false>(*this); }
  /// Like co_await on a named future, returning the value by value (moved out when possible).
  auto operator co_await() && { return detail::FutureAwaiter<T, true>(std::move(*this)); }

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
#if defined(__SANITIZE_THREAD__)
      // ThreadSanitizer does not support the fence below (g++ rejects it under
      // -fsanitize=thread), and without it a move after another handle's last read looks like
      // a race to it: a sanitized build copies instead.
      return state_->value();
#else
      if (state_.use_count() == 1) {
        // The last other handle's reads happened before its (release) count decrement, which
        // the relaxed use_count() load observed: this fence orders our move after them.
        std::atomic_thread_fence(std::memory_order_acquire);
        return std::move(state_->value());
      }
      return state_->value();
#endif
    } else {
      return std::move(state_->value());
    }
  }

  std::shared_ptr<detail::FutureState<T>> state_;
};

}  // namespace pykka

#include "pykka/detail/future_callbacks.hpp"    // IWYU pragma: export
#include "pykka/detail/future_combinators.hpp"  // IWYU pragma: export
