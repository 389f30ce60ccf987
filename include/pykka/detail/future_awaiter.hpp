#pragma once

// FutureAwaiter: what `co_await future` creates. Installed because Future's templates need it;
// not API.
//
// The awaiter is the continuation itself (embedded in the coroutine frame, so awaiting
// allocates nothing). await_suspend registers it; completion runs it, resuming the coroutine
// through the executor current at suspension; else, inside an actor's handler, as a message in
// that actor's mailbox (see actor_resume.hpp); else directly on the completing thread's
// continuation queue. After registering, await_suspend touches nothing: the coroutine may
// already be running elsewhere. A coroutine suspended here must not be destroyed before it
// resumes (pykka::Task never does that).

#include <coroutine>
#include <utility>

#include "pykka/detail/actor_resume.hpp"
#include "pykka/detail/continuation.hpp"
#include "pykka/detail/future_state.hpp"
#include "pykka/executor.hpp"

namespace pykka {
template <class T>
class Future;
}

namespace pykka::detail {

template <class T, bool Take>
class FutureAwaiter final : private Continuation {
 public:
  explicit FutureAwaiter(Future<T> future) noexcept : future_(std::move(future)) {}

  [[nodiscard]] bool await_ready() const noexcept { return future_.state()->ready(); }

  bool await_suspend(std::coroutine_handle<> handle) {
    suspended_.handle = handle;
    executor_ = current_executor();
    if (executor_ == nullptr) actor_ = actor_to_resume_in();
    // false: completed meanwhile (or a get hook just ran), so carry on without suspending.
    return FutureStateBase::try_register(future_.state(), *this);
  }

  decltype(auto) await_resume() {
    if (suspended_.gone) std::rethrow_exception(suspended_.gone);
    if constexpr (Take) {
      return std::move(future_).get();
    } else {
      return future_.get();
    }
  }

 private:
  void run() noexcept override {
    if (executor_ != nullptr) {
      executor_->post(suspended_.handle);
    } else if (actor_ != nullptr) {
      // Moved out first: the coroutine may resume (and free this awaiter) before the call ends.
      const std::shared_ptr<ActorCell> actor = std::move(actor_);
      resume_in_actor(actor, suspended_);
    } else {
      suspended_.handle.resume();  // already on the continuation queue: no nesting
    }
  }
  void discard() noexcept override {}

  Future<T> future_;
  SuspendedInActor suspended_;
  Executor* executor_ = nullptr;
  std::shared_ptr<ActorCell> actor_;  // where to resume, when suspended inside an actor
};

}  // namespace pykka::detail
