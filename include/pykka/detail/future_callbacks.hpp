#pragma once

// Out-of-line definitions of Future::on_done and Future::then. Included by pykka/future.hpp;
// not API. The thread rules are in pykka/future.hpp.
//
// A waiting callback holds only a weak reference to its future: a future that is never set and
// no longer referenced releases its callbacks instead of keeping itself alive through them.
// When the future completes, the callback pins a strong reference (pin() runs while the
// completing thread still holds the future), so it runs even if it is queued behind another
// callback and the completing thread lets go of the future meanwhile.

#include <cassert>
#include <memory>
#include <type_traits>
#include <utility>

#include "pykka/future.hpp"

namespace pykka::detail {

/// Calls `fn(future)`, or `fn()` if it takes no argument.
template <class T, class F>
decltype(auto) invoke_with_future(F& fn, const Future<T>& future) {
  if constexpr (std::is_invocable_v<F&, const Future<T>&>) {
    return fn(future);
  } else {
    static_assert(std::is_invocable_v<F&>,
                  "a future callback takes the completed future (const Future<T>&) or nothing");
    return fn();
  }
}

template <class T, class F>
struct CallbackResult {
  using type = std::invoke_result_t<F&>;
};
template <class T, class F>
requires std::is_invocable_v < F&, const Future<T>
& > struct CallbackResult<T, F> {
  using type = std::invoke_result_t<F&, const Future<T>&>;
};

/// Runs `fn(completed_future)` once the watched future completes.
template <class T, class F>
class CallbackContinuation final : public Continuation {
 public:
  CallbackContinuation(const std::shared_ptr<FutureState<T>>& watched, F fn)
      : watched_(watched), fn_(std::move(fn)) {}

  void pin() noexcept override { pinned_ = watched_.lock(); }
  void run() noexcept override {
    assert(pinned_ && "pin() runs while the future is referenced");
    if (pinned_) {
      try {
        fn_(Future<T>(std::move(pinned_)));
      } catch (...) {
        report_callback_exception(std::current_exception());
      }
    }
    delete this;
  }
  void discard() noexcept override { delete this; }

 private:
  std::weak_ptr<FutureState<T>> watched_;
  std::shared_ptr<FutureState<T>> pinned_;
  F fn_;
};

template <class T, class F>
void watch(const std::shared_ptr<FutureState<T>>& state, F&& fn) {
  FutureStateBase::on_complete(
      state, new CallbackContinuation<T, std::decay_t<F>>(state, std::forward<F>(fn)));
}

}  // namespace pykka::detail

namespace pykka {

template <class T>
template <class F>
void Future<T>::on_done(F&& fn) const {
  detail::watch(state_, [fn = std::forward<F>(fn)](const Future<T>& done) mutable {
    detail::invoke_with_future(fn, done);
  });
}

template <class T>
template <class F>
auto Future<T>::then(F&& fn) const {
  using R = typename detail::CallbackResult<T, std::decay_t<F>>::type;
  Future<R> result;
  detail::watch(state_, [result, fn = std::forward<F>(fn)](const Future<T>& done) mutable {
    try {
      if constexpr (std::is_void_v<R>) {
        detail::invoke_with_future(fn, done);
        result.state()->try_set_value();
      } else {
        result.state()->try_set_value(detail::invoke_with_future(fn, done));
      }
    } catch (...) {
      result.state()->set_reply_exception(std::current_exception());
    }
  });
  return result;
}

}  // namespace pykka
