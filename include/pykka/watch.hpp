#pragma once

// Death watch: being told when an actor has stopped, and why.
//
// An actor watches any ref with Actor::watch(ref) and then receives one pykka::Terminated notice
// for it, through its own mailbox, in order with its other messages, handled by the virtual
// Actor::on_terminated hook (whose default passes the notice on to on_receive as a message).
// A watch on an actor that is already dead delivers the notice at once. Actor::unwatch(ref)
// withdraws the watch: no notice for that ref is handled after it returns, even one already
// queued. Watching one ref twice still gives one notice.
//
// Outside actors, ActorRef::termination() returns a Future<Terminated> that completes when the
// actor has stopped (its on_stop / on_failure has run and its object is destroyed); register a
// callback with the future's on_done, or wait with get.
//
// A notice is sent once the watched actor is fully torn down: after on_stop or on_failure ran,
// after its children stopped, and after its mailbox was closed and answered. Every watcher's
// notice is queued before the termination future completes, so a message told to a watcher
// after termination().get() returned is handled after the notice.
//
// Thread-safety: termination() may be called from any thread; watch and unwatch only from the
// watching actor's own code (they throw pykka::Error elsewhere).

#include <exception>
#include <memory>
#include <ostream>
#include <string>

#include "pykka/actor_ref.hpp"
#include "pykka/future.hpp"

namespace pykka {

/// Why an actor stopped.
enum class TerminationReason {
  stopped,            ///< Stopped by a stop request (or by stopping itself); on_stop ran.
  failed,             ///< A told message threw; on_failure ran.
  failed_in_on_start  ///< on_start threw (or the actor could never run); no other hook ran.
};

/// Returns "stopped", "failed" or "failed_in_on_start".
const char* to_string(TerminationReason reason) noexcept;

/// The notice that a watched actor has stopped.
struct Terminated {
  /// The actor that stopped (a dead ref: it prints and compares as before).
  AnyActorRef actor;
  /// Why it stopped.
  TerminationReason reason = TerminationReason::stopped;
  /// The exception that failed it; null when `reason` is stopped.
  std::exception_ptr error;

  /// Returns true if the actor stopped without failing.
  [[nodiscard]] bool stopped() const noexcept { return reason == TerminationReason::stopped; }
};

/// Writes "Terminated(Class (urn:uuid:…), reason)".
std::ostream& operator<<(std::ostream& out, const Terminated& notice);

namespace detail {
/// Returns the future completed with the cell's Terminated notice (one per cell, made lazily).
Future<Terminated> termination_of(const std::shared_ptr<ActorCell>& cell);
}  // namespace detail

template <class A>
Future<Terminated> ActorRef<A>::termination() const {
  return detail::termination_of(checked().shared_from_this());
}

}  // namespace pykka
