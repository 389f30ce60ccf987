#pragma once

// Dead letters: messages that were told to an actor and never handled, because the actor was
// dead when they were sent (the tell threw pykka::ActorDeadError, or a timer dropped them) or
// it stopped with them still queued (Pykka drops those silently). Each one is logged at DEBUG
// ("Message to {actor} was not delivered: {message}") and passed to the system's dead-letter
// hook, if one is set, so lost messages can be observed. Asks are not dead letters: their
// futures already fail with pykka::ActorDeadError. Stop requests are not reported.
//
// The hook runs on the thread that found the message undeliverable (the sender, the clock, or
// the stopping actor's context), must be short and must not block. An exception escaping it is
// logged at ERROR. Setting a hook is thread-safe; a hook running meanwhile may finish with the
// old one.

#include <functional>

#include "pykka/actor_ref.hpp"
#include "pykka/message.hpp"

namespace pykka {

/// Why a dead letter was not handled.
enum class DeadLetterReason {
  not_found,               ///< Sent to an actor that was already dead.
  stopped_before_handling  ///< Queued when the actor stopped; dropped by its teardown.
};

/// One message that was told and never handled.
struct DeadLetter {
  /// The actor it was told to.
  AnyActorRef recipient;
  /// The message itself; valid only during the hook call.
  const Message& message;
  /// Why it was not handled.
  DeadLetterReason reason;
};

/// Sees each dead letter of a system (see ActorSystem::set_dead_letter_hook).
using DeadLetterHook = std::function<void(const DeadLetter&)>;

}  // namespace pykka
