#pragma once

// Shared state behind pykka::Future<T>. Installed because Future is a template; not API.
//
// Life cycle: Empty -> (claimed by exactly one setter, or by a get hook) -> Ready. The setter
// writes the value or exception after claiming, then publishes Ready with release ordering;
// readers observe Ready with acquire ordering and only read afterwards, so the stored value is
// immutable once visible. Publishing then runs the registered continuations on the publishing
// thread, outside every lock; a continuation registered after publishing runs on the
// registering thread. Each continuation runs exactly once.

#include <atomic>
#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include "pykka/detail/continuation.hpp"
#include "pykka/detail/get_hook.hpp"
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
  virtual ~FutureStateBase();

  /// Returns true once a value or exception is visible.
  [[nodiscard]] bool ready() const noexcept { return ready_.is_set(); }
  /// Returns true if ready, or if a get would only run the get hook over complete sources.
  [[nodiscard]] bool done() const noexcept;

  /// Blocks until ready.
  void wait() const { ready_.wait(); }
  /// Blocks until ready or until `timeout` passed; returns ready(). Zero polls.
  [[nodiscard]] bool wait_for(std::chrono::nanoseconds timeout) const {
    return ready_.wait_for(timeout);
  }

  /// Waits (forever when timeout is empty), then throws Timeout or the stored exception. With a
  /// get hook, runs it (or waits for the thread running it) instead of waiting for a setter.
  void wait_and_check(std::optional<std::chrono::nanoseconds> timeout) const;

  /// Stores an exception; throws pykka::Error if the future was already set.
  void set_exception(std::exception_ptr error);

  void set_reply_exception(std::exception_ptr error) noexcept override;

  [[nodiscard]] const std::exception_ptr& error() const noexcept { return error_; }

  /// Runs `work` once `self` is complete: at once (on this thread) if it already is. Takes
  /// ownership of `work`. A hooked state starts completing by itself once its sources do.
  static void on_complete(const std::shared_ptr<FutureStateBase>& self, Continuation* work);
  /// Registers `work` unless `self` is already complete; returns whether it was registered
  /// (if not, the caller keeps `work` and proceeds at once). For awaiters.
  static bool try_register(const std::shared_ptr<FutureStateBase>& self, Continuation& work);

  /// Registers `work` to run once the state is complete, unless it already is (then returns
  /// false and the caller keeps `work`). For runtimes waiting without a get hook involved.
  bool notify_on_complete(Continuation& work) const noexcept {
    // States are never const objects (they live in shared_ptrs); registering does not change
    // the value, only who hears about it.
    return const_cast<FutureStateBase*>(this)->add_continuation(work);
  }

  /// Throws pykka::Timeout describing `timeout`.
  [[noreturn]] static void throw_timeout(std::chrono::nanoseconds timeout);

 protected:
  /// Claims the single right to set; false if another setter (or a get hook) already did.
  [[nodiscard]] bool try_claim() noexcept {
    return !claimed_.exchange(true, std::memory_order_acq_rel);
  }
  /// Marks the state ready, wakes every waiter, then runs the continuations. Call once, after
  /// writing value or error_.
  void publish() noexcept;
  /// Completes a claimed state with an exception.
  void fail_claimed(std::exception_ptr error) noexcept {
    error_ = std::move(error);
    publish();
  }
  /// Installs `producer` as the get hook (claiming the state), or replaces the function of a
  /// hook installed earlier. Throws pykka::Error if the state is set (or its hook has completed
  /// it), or if the earlier hook computes from `sources` (a combinator's).
  void install_get_hook(std::unique_ptr<GetHook::Producer> producer,
                        std::vector<std::shared_ptr<FutureStateBase>> sources);
  [[noreturn]] void throw_already_set() const;

  /// Drops the stored exception. Kept out of line and named so the ThreadSanitizer suppression
  /// in tests/tsan.supp can match it: libstdc++ counts exception references with uninstrumented
  /// atomics, so the last release on another thread than the catch looks like a race.
  void release_error() noexcept;

  std::exception_ptr error_;  // written once by the claiming setter, before publish()

 private:
  void run_get_hook(GetHook& hook, std::optional<std::chrono::nanoseconds> timeout,
                    bool wait_for_runner) const;
  static void arm_get_hook(const std::shared_ptr<FutureStateBase>& self);
  bool add_continuation(Continuation& work) noexcept;

  std::atomic<bool> claimed_{false};
  ReadyFlag ready_;
  std::atomic<GetHook*> hook_{nullptr};  // owned; written once, right after claiming
  // LIFO list of pending continuations; closed_list() once published.
  std::atomic<Continuation*> continuations_{nullptr};
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
      value_.emplace(std::forward<Args>(args)...);
    } catch (...) {
      // The value's constructor threw: readers get that exception instead of waiting forever.
      fail_claimed(std::current_exception());
      throw;
    }
    publish();
  }

  /// Stores the value unless already set; returns whether it was stored.
  template <class... Args>
  bool try_set_value(Args&&... args) noexcept {
    if (!try_claim()) return false;
    complete_claimed(std::forward<Args>(args)...);
    return true;
  }

  /// Installs (or replaces) a function producing the value on the first get (see
  /// Future::set_get_hook).
  template <class F>
  void set_get_hook(F&& fn, std::vector<std::shared_ptr<FutureStateBase>> sources = {}) {
    install_get_hook(
        std::make_unique<FunctionProducer<std::decay_t<F>>>(*this, std::forward<F>(fn)),
        std::move(sources));
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
  template <class F>
  class FunctionProducer final : public GetHook::Producer {
   public:
    template <class G>
    FunctionProducer(FutureState& owner, G&& fn) : owner_(owner), fn_(std::forward<G>(fn)) {}

    void produce(std::optional<std::chrono::nanoseconds> timeout) override {
      try {
        if constexpr (std::is_void_v<T>) {
          fn_(timeout);
          owner_.complete_claimed();
        } else {
          owner_.complete_claimed(fn_(timeout));
        }
      } catch (const Timeout&) {
        // With a caller's deadline, a Timeout means that time ran out: not an outcome, a later
        // get retries. Without one (a run triggered by completion, or an unlimited get) it is
        // the function's own failure, e.g. an ask inside a map function that timed out.
        if (timeout.has_value()) throw;
        owner_.fail_claimed(std::current_exception());
      } catch (...) {
        owner_.fail_claimed(std::current_exception());
      }
    }

   private:
    FutureState& owner_;
    F fn_;
  };

  template <class... Args>
  void complete_claimed(Args&&... args) noexcept {
    try {
      value_.emplace(std::forward<Args>(args)...);
    } catch (...) {
      fail_claimed(std::current_exception());
      return;
    }
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
