#pragma once

// Continuation: work that a future state runs once it is complete. Installed because Future's
// templates need it; not API.
//
// A continuation is an intrusive list node: registering it allocates nothing beyond the node
// itself, and coroutine awaiters embed theirs in the coroutine frame. Exactly one of run() or
// discard() is called, once: run() after the state is complete, discard() if the state is
// destroyed without ever completing. Both are called with no pykka lock held.
//
// Continuations run through a per-thread queue (run_continuations): one started while another
// is running on the same thread waits until that one returns. That keeps the stack flat when
// completing one future completes the next (long map chains, coroutine chains).

#include <exception>
#include <type_traits>
#include <utility>

namespace pykka::detail {

class Continuation {
 public:
  Continuation() = default;
  Continuation(const Continuation&) = delete;
  Continuation& operator=(const Continuation&) = delete;
  virtual ~Continuation() = default;

  /// Called just before the node is queued to run, while its state is certainly alive (the
  /// thread completing or registering holds it): the node may take a reference it needs.
  virtual void pin() noexcept {}
  /// Runs the work; the state it was registered on is complete. May delete `this`.
  virtual void run() noexcept = 0;
  /// Releases the work unrun: its state died incomplete. May delete `this`.
  virtual void discard() noexcept = 0;

  Continuation* next_ = nullptr;  // owned by whichever list currently holds the node
};

/// Reports an exception that escaped a completion callback (logged at ERROR).
void report_callback_exception(std::exception_ptr error) noexcept;

/// A heap-allocated continuation calling `fn()`; deletes itself after run() or discard().
template <class F>
class FunctionContinuation final : public Continuation {
 public:
  explicit FunctionContinuation(F fn) : fn_(std::move(fn)) {}

  void run() noexcept override {
    try {
      fn_();
    } catch (...) {
      report_callback_exception(std::current_exception());
    }
    delete this;
  }
  void discard() noexcept override { delete this; }

 private:
  F fn_;
};

/// Allocates a continuation calling `fn()`.
template <class F>
Continuation* make_continuation(F&& fn) {
  return new FunctionContinuation<std::decay_t<F>>(std::forward<F>(fn));
}

/// Runs a FIFO chain of continuations (linked by next_) on this thread. If this thread is
/// already running continuations, appends them to its queue instead; they run before the
/// outermost call returns.
void run_continuations(Continuation* first, Continuation* last) noexcept;

/// The calling thread's queue of continuations still to run (see run_continuations).
struct PendingContinuations {
  Continuation* head = nullptr;
  Continuation* tail = nullptr;
  bool draining = false;
};
/// Replaces the calling thread's queue with `next`; returns it. For a runtime that switches a
/// thread between actors' suspended stacks, each of which may be draining its own queue.
PendingContinuations exchange_pending_continuations(const PendingContinuations& next) noexcept;

}  // namespace pykka::detail
