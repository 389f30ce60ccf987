#pragma once

// Death watch across nodes: being told when an actor exposed by some node has stopped, and why,
// or that its node disappeared.
//
// RemoteRef::termination() returns a Future<RemoteTerminated> that completes once, with the
// reason; Node::watch(remote, watcher) tells a local actor a RemoteTerminated message through its
// mailbox, in order with its other messages, and Node::unwatch withdraws that (no notice is
// handled after unwatch returns, even one already queued). Watching a ref that names nothing
// being served (never exposed, unexposed, its node gone) reports not_served at once; a watched
// ref whose actor is already dead but still exposed reports how it died.
//
// A node that disappears counts as each of its watched actors dying, with reason node_lost: at
// once when the node says it is leaving (its destructor does), else after
// NodeOptions::heartbeat_timeout without a heartbeat from it (a killed process, a lost network).
// While the watching node's own connection is down nothing is declared lost; once it is back,
// every watch is checked again, since notices sent meanwhile were not stored anywhere.
//
// Thread-safety: every function may be called from any thread, actors included. A notice is
// delivered on a NATS delivery thread of the watching node (or, for node_lost by timeout, on its
// timer thread); after the node is destroyed no notice is delivered, and futures still pending
// fail with pykka::Error.

#include <cstdint>
#include <ostream>
#include <string>

#include "pykka/remote/remote_ref.hpp"

namespace pykka::remote {

/// Why a watched remote actor counts as dead.
enum class RemoteTerminationReason : std::uint8_t {
  stopped,             ///< It was stopped (by a stop request or by itself); on_stop ran.
  failed,              ///< A told message threw; on_failure ran. See error_type / error_text.
  failed_in_on_start,  ///< Its on_start threw; see error_type / error_text.
  not_served,          ///< Nobody serves the address: never exposed, unexposed, or node gone.
  node_lost            ///< Its node left, or was silent for longer than the heartbeat timeout.
};

/// Returns "stopped", "failed", "failed_in_on_start", "not_served" or "node_lost".
const char* to_string(RemoteTerminationReason reason) noexcept;

/// The notice that a watched remote actor has stopped or is out of reach for good.
struct RemoteTerminated {
  /// The watched actor (the ref the watch was made with).
  RemoteRef actor;
  /// Why it counts as dead.
  RemoteTerminationReason reason = RemoteTerminationReason::stopped;
  /// For failed and failed_in_on_start, the exception's wire type name (its registered name,
  /// else its demangled C++ type name, e.g. "std::runtime_error"); else empty.
  std::string error_type;
  /// For failed and failed_in_on_start, the exception's what(); for not_served and node_lost,
  /// what was observed (e.g. "node node-a left"); empty when it stopped.
  std::string error_text;

  /// Returns true if the actor stopped without failing.
  [[nodiscard]] bool stopped() const noexcept { return reason == RemoteTerminationReason::stopped; }
};

/// Writes "RemoteTerminated(RemoteRef(name @ node), reason[: error_type: error_text])".
std::ostream& operator<<(std::ostream& out, const RemoteTerminated& notice);

}  // namespace pykka::remote
