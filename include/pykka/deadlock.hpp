#pragma once

// Deadlock detection: pykka notices when an actor is about to block forever on itself.
//
// When code running on an actor's context blocks on a future that another actor is expected to
// set (the future of an ask), pykka records the wait-for edge "this actor waits for that one"
// and, before blocking, follows the chain of such edges. If the chain leads back to the waiting
// actor — an actor asking itself, or A asking B while B is blocked asking A — the wait can never
// end, and pykka logs at ERROR:
//
//   Deadlock detected: A (urn:uuid:…) → B (urn:uuid:…) → A (urn:uuid:…)
//
// What happens next is the waiting actor's system's policy (pykka/system.hpp): by default the call
// blocks anyway (Pykka's behaviour, plus the report); under DeadlockPolicy::raise it throws
// pykka::DeadlockError. Waits that cannot block (a future already set, a zero timeout) are never
// checked; a timed wait in a cycle is reported too, since only its Timeout would end it. Futures
// that no actor sets (made by the user, or derived with combinators) carry no edge, so cycles
// through them are not seen.
//
// Thread-safety: every function here may be called from any thread at any time. Recording an
// edge costs one mutex lock per blocking wait on an actor's context; nothing else is added to
// the message path.

namespace pykka {

/// What a blocking get does when waiting would complete a cycle of waiting actors.
enum class DeadlockPolicy {
  ignore,  ///< Do not check at all (no bookkeeping, no report): Pykka's plain behaviour.
  report,  ///< Log the cycle at ERROR, then block as asked (the default).
  raise,   ///< Log the cycle at ERROR, then throw pykka::DeadlockError instead of blocking.
};

/// Sets the current actor system's deadlock policy (the default system's, outside actors);
/// affects waits that start afterwards. Thread-safe.
/// @code
///   pykka::set_deadlock_policy(pykka::DeadlockPolicy::raise);  // e.g. in tests and debug builds
///   try {
///     self.ask<int>(Work{});  // on an actor's context, asking itself
///   } catch (const pykka::DeadlockError& e) {
///     // e.what(): "deadlock detected: Worker (urn:uuid:…) → Worker (urn:uuid:…)"
///   }
/// @endcode
void set_deadlock_policy(DeadlockPolicy policy) noexcept;

/// Returns the current actor system's deadlock policy (DeadlockPolicy::report unless changed).
/// Thread-safe.
DeadlockPolicy deadlock_policy() noexcept;

}  // namespace pykka
