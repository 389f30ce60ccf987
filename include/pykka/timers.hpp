#pragma once

// Timers: messages told after a delay or periodically, and futures that complete after a delay.
//
// Every actor system has one clock (ActorSystem::clock()): a single thread that sleeps until the
// earliest pending timer, started the first time a timer is scheduled, so a system that uses no
// timer has no clock thread. No timer has a thread of its own. The free functions
// pykka::tell_after / tell_at_fixed_rate / tell_with_fixed_delay use the clock of the target's
// system; an actor schedules a message to itself with `pykka::tell_after(actor_ref(), …)`.
//
// Rules:
//   - A timer's message is told to its target from the clock's thread, like any other tell;
//     it is handled in order with the target's other messages.
//   - A timer whose target has died is dropped without an error (a periodic one ends there).
//   - Fixed rate: the n-th message is due at first + n × period; a late clock catches up.
//     Fixed delay: each message is due one delay after the previous one was told.
//   - Timer::cancel() returns true if it stopped the timer before its last message; once it
//     returns, the timer tells nothing more. Cancelling again, or after a one-shot timer fired,
//     returns false. Dropping a Timer handle does not cancel it.
//   - Shutting a system down cancels its pending timers first; a future of after() still
//     pending then fails with pykka::Error. Scheduling on a shut-down system throws pykka::Error.
//   - Accuracy: the clock thread sleeps on the monotonic clock until the deadline, so messages
//     leave within about a millisecond of it on a lightly loaded machine.
//
// Thread-safety: every function may be called from any thread, actors included, at once.

#include <chrono>
#include <concepts>
#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

#include "pykka/actor_ref.hpp"
#include "pykka/future.hpp"
#include "pykka/message.hpp"

namespace pykka {

namespace detail {
struct TimerEntry;
class ClockCore;
}  // namespace detail

/// A handle to a scheduled timer; copyable, all copies name one timer.
class Timer {
 public:
  /// Creates a handle to no timer: cancel() returns false.
  Timer() noexcept = default;
  /// Internal: wraps a scheduled entry. Not API.
  explicit Timer(std::shared_ptr<detail::TimerEntry> entry) noexcept : entry_(std::move(entry)) {}

  /// Stops the timer. Returns true if it still had a message to tell (it tells nothing once
  /// this returns); false if it was already cancelled, a one-shot timer already fired, its
  /// target died, or the handle is empty. Never throws; may wait for a message being told at
  /// that instant.
  bool cancel() noexcept;
  /// Returns true while the timer may still tell a message.
  [[nodiscard]] bool is_active() const noexcept;

 private:
  std::shared_ptr<detail::TimerEntry> entry_;
};

/// An actor system's clock (see the header comment). Obtain it with ActorSystem::clock().
class Clock {
 public:
  /// Internal: made by the actor system. Not API.
  Clock();
  ~Clock();
  Clock(const Clock&) = delete;
  Clock& operator=(const Clock&) = delete;

  /// Tells `message` to `target` once, `delay` from now. Throws pykka::Error for an empty ref
  /// or a shut-down clock, pykka::InvalidArgument for a negative delay.
  /// @code
  ///   auto timer = system.clock().tell_after(worker, 500ms, Timeout{});
  /// @endcode
  template <class A, class M, class Rep, class Period>
  Timer tell_after(const ActorRef<A>& target, std::chrono::duration<Rep, Period> delay,
                   M&& message) {
    return schedule_once(cell_of(target), detail::to_nanoseconds(delay),
                         Message(std::forward<M>(message)));
  }

  /// Tells a copy of `message` to `target` after `initial_delay`, then every `period` after the
  /// first due time (fixed rate). Throws as tell_after, and pykka::InvalidArgument for a
  /// period that is not positive.
  template <class A, class M, class Rep1, class Period1, class Rep2, class Period2>
  requires std::copy_constructible<std::decay_t<M>> Timer
  tell_at_fixed_rate(const ActorRef<A>& target, std::chrono::duration<Rep1, Period1> initial_delay,
                     std::chrono::duration<Rep2, Period2> period, M&& message) {
    return schedule_periodic(cell_of(target), detail::to_nanoseconds(initial_delay),
                             detail::to_nanoseconds(period), /*fixed_rate=*/true,
                             copier(std::forward<M>(message)));
  }

  /// Like tell_at_fixed_rate, but each message is due `delay` after the previous one was told
  /// (fixed delay: a late clock does not catch up).
  template <class A, class M, class Rep1, class Period1, class Rep2, class Period2>
  requires std::copy_constructible<std::decay_t<M>> Timer tell_with_fixed_delay(
      const ActorRef<A>& target, std::chrono::duration<Rep1, Period1> initial_delay,
      std::chrono::duration<Rep2, Period2> delay, M&& message) {
    return schedule_periodic(cell_of(target), detail::to_nanoseconds(initial_delay),
                             detail::to_nanoseconds(delay), /*fixed_rate=*/false,
                             copier(std::forward<M>(message)));
  }

  /// Returns a future that completes (with no value) `delay` from now, on the clock's thread;
  /// it fails with pykka::Error if the system shuts down first. Inside an actor, co_await it
  /// to resume in the actor after the delay without blocking it.
  /// @code
  ///   co_await pykka::ActorSystem::current().clock().after(100ms);
  /// @endcode
  template <class Rep, class Period>
  Future<void> after(std::chrono::duration<Rep, Period> delay) {
    return after_for(detail::to_nanoseconds(delay));
  }

  /// Returns the number of timers scheduled and not yet fired, cancelled or dropped.
  [[nodiscard]] std::size_t pending() const noexcept;

  /// Internal: cancels every timer and ends the clock's thread; called by the system's
  /// shutdown. Later scheduling throws pykka::Error. Not API.
  void shutdown() noexcept;

 private:
  template <class A>
  static std::shared_ptr<detail::ActorCell> cell_of(const ActorRef<A>& target) {
    if (!target) throw Error("cannot schedule a timer to an empty ActorRef");
    return target.cell();
  }
  template <class M>
  static std::function<Message()> copier(M&& message) {
    return [copy = std::decay_t<M>(std::forward<M>(message))] { return Message(copy); };
  }

  Timer schedule_once(std::shared_ptr<detail::ActorCell> target, std::chrono::nanoseconds delay,
                      Message message);
  Timer schedule_periodic(std::shared_ptr<detail::ActorCell> target,
                          std::chrono::nanoseconds initial_delay, std::chrono::nanoseconds period,
                          bool fixed_rate, std::function<Message()> make);
  Future<void> after_for(std::chrono::nanoseconds delay);

  std::unique_ptr<detail::ClockCore> core_;
};

namespace detail {
/// Returns the clock of the system `cell` belongs to.
Clock& clock_of(const ActorCell& cell) noexcept;
}  // namespace detail

/// Tells `message` to `target` once, `delay` from now, on the clock of the target's system.
/// See Clock::tell_after.
/// @code
///   pykka::tell_after(actor_ref(), 1s, Tick{});  // inside an actor: to itself
/// @endcode
template <class A, class M, class Rep, class Period>
Timer tell_after(const ActorRef<A>& target, std::chrono::duration<Rep, Period> delay, M&& message) {
  if (!target) throw Error("cannot schedule a timer to an empty ActorRef");
  return detail::clock_of(*target.cell()).tell_after(target, delay, std::forward<M>(message));
}

/// Tells copies of `message` to `target` at a fixed rate on the clock of the target's system.
/// See Clock::tell_at_fixed_rate.
template <class A, class M, class Rep1, class Period1, class Rep2, class Period2>
Timer tell_at_fixed_rate(const ActorRef<A>& target,
                         std::chrono::duration<Rep1, Period1> initial_delay,
                         std::chrono::duration<Rep2, Period2> period, M&& message) {
  if (!target) throw Error("cannot schedule a timer to an empty ActorRef");
  return detail::clock_of(*target.cell())
      .tell_at_fixed_rate(target, initial_delay, period, std::forward<M>(message));
}

/// Tells copies of `message` to `target` with a fixed delay on the clock of the target's
/// system. See Clock::tell_with_fixed_delay.
template <class A, class M, class Rep1, class Period1, class Rep2, class Period2>
Timer tell_with_fixed_delay(const ActorRef<A>& target,
                            std::chrono::duration<Rep1, Period1> initial_delay,
                            std::chrono::duration<Rep2, Period2> delay, M&& message) {
  if (!target) throw Error("cannot schedule a timer to an empty ActorRef");
  return detail::clock_of(*target.cell())
      .tell_with_fixed_delay(target, initial_delay, delay, std::forward<M>(message));
}

}  // namespace pykka
