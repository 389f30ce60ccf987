#pragma once

// Shared pieces of the CAF 0.17 peers: the atoms they exchange and a one-shot completion signal
// that an actor fires and the main thread waits on.

#include <future>
#include <memory>

#include <caf/all.hpp>

namespace bench::caf_peer {

using count_atom = caf::atom_constant<caf::atom("count")>;
using start_atom = caf::atom_constant<caf::atom("start")>;
using ping_atom = caf::atom_constant<caf::atom("ping")>;
using pong_atom = caf::atom_constant<caf::atom("pong")>;
using next_atom = caf::atom_constant<caf::atom("next")>;
using token_atom = caf::atom_constant<caf::atom("token")>;
using work_atom = caf::atom_constant<caf::atom("work")>;

/// A completion signal shared by the actors of a run and the main thread.
using Done = std::shared_ptr<std::promise<void>>;

/// Returns a fresh completion signal.
inline Done make_done() { return std::make_shared<std::promise<void>>(); }

/// Sends `request` from a blocking scoped actor and waits for a reply of type R.
template <class R, class... Ts>
R blocking_request(caf::actor_system& system, const caf::actor& target, Ts&&... request) {
  caf::scoped_actor self{system};
  R result{};
  self->request(target, caf::infinite, std::forward<Ts>(request)...)
      .receive([&](R reply) { result = reply; }, [](caf::error&) {});
  return result;
}

}  // namespace bench::caf_peer
