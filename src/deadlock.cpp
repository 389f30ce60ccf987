#include "pykka/deadlock.hpp"

#include <atomic>

namespace pykka {
namespace {
std::atomic<DeadlockPolicy> g_policy{DeadlockPolicy::report};
}  // namespace

void set_deadlock_policy(DeadlockPolicy policy) noexcept {
  g_policy.store(policy, std::memory_order_relaxed);
}

DeadlockPolicy deadlock_policy() noexcept { return g_policy.load(std::memory_order_relaxed); }

}  // namespace pykka
