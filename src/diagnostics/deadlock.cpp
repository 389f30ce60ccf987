#include "pykka/deadlock.hpp"

#include "pykka/system.hpp"

namespace pykka {

void set_deadlock_policy(DeadlockPolicy policy) noexcept {
  ActorSystem::current().set_deadlock_policy(policy);
}

DeadlockPolicy deadlock_policy() noexcept { return ActorSystem::current().deadlock_policy(); }

}  // namespace pykka
