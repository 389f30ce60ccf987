#pragma once

// pykka::Executor: where a coroutine resumes after `co_await` on a pykka::Future.
//
// By default (no executor current on the suspending thread) a coroutine that suspends inside an
// actor's handler resumes on that actor's own context, as a message in its mailbox, in order
// with every other message: code after `co_await` may use the actor's state like any handler.
// If the actor stopped first, the `co_await` throws pykka::ActorDeadError instead. A handler must
// therefore not block on a Task it started in the same actor: the Task's next step is queued
// behind the waiting handler. Outside
// actors a coroutine resumes on the thread that completes the future, through that thread's
// continuation queue: never nested inside another resumption, so chains of any length keep a
// flat stack (no symmetric transfer). That thread may be an actor's: code after `co_await` then
// runs there until the next suspension, and must not block.
//
// To run coroutines elsewhere, implement Executor (post() queues the handle; the executor's
// own threads call resume()) and move a coroutine onto it with `co_await pykka::resume_on(e)`.
// A coroutine suspending while an executor is current resumes through that executor.
//
// Thread-safety: post() is called from any thread; current_executor() is per thread.

#include <coroutine>

namespace pykka {

/// Runs resumed coroutines on threads of its choosing.
class Executor {
 public:
  Executor() = default;
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;
  virtual ~Executor() = default;

  /// Queues `handle` to be resumed with resume() on one of this executor's threads. Called on
  /// the thread completing a future, possibly an actor's: must not block, throw, or resume the
  /// handle before returning.
  virtual void post(std::coroutine_handle<> handle) noexcept = 0;

 protected:
  /// Resumes `handle` on the calling thread with this executor current, so that the
  /// coroutine's next `co_await` on a future resumes through this executor again.
  void resume(std::coroutine_handle<> handle) noexcept;
};

/// Returns the executor current on the calling thread, or nullptr when coroutines suspending
/// here resume on the completing thread.
Executor* current_executor() noexcept;

namespace detail {
/// Makes `executor` the calling thread's current one; returns the previous one. For a runtime
/// that switches a thread between actors' suspended stacks.
Executor* exchange_current_executor(Executor* executor) noexcept;

class ResumeOn {
 public:
  explicit ResumeOn(Executor& executor) noexcept : executor_(executor) {}
  [[nodiscard]] bool await_ready() const noexcept { return &executor_ == current_executor(); }
  void await_suspend(std::coroutine_handle<> handle) const noexcept { executor_.post(handle); }
  void await_resume() const noexcept {}

 private:
  Executor& executor_;
};
}  // namespace detail

/// Returns an awaitable that moves the awaiting coroutine onto `executor` (no-op if it is
/// already current). Never blocks.
/// @code
///   co_await pykka::resume_on(my_executor);  // continues on my_executor's thread
/// @endcode
inline detail::ResumeOn resume_on(Executor& executor) noexcept {
  return detail::ResumeOn(executor);
}

}  // namespace pykka
