#include "pykka/detail/ready_flag.hpp"

#include "runtime/park.hpp"

namespace pykka::detail {
namespace {

// Per thread: a thread that keeps getting its replies quickly keeps spinning for them.
thread_local std::int64_t t_spin_budget_ns = 10'000;

}  // namespace

void ReadyFlag::set() noexcept {
  // The exchange both publishes the result (release) and tells whether anyone parked.
  if (state_.exchange(kSet, std::memory_order_acq_rel) == kParked) futex_wake_all(state_);
}

void ReadyFlag::wait() const {
  if (is_set()) return;
  if (spin_adaptively(t_spin_budget_ns, [this] { return is_set(); })) return;
  const auto parked = std::chrono::steady_clock::now();
  for (;;) {
    std::uint32_t state = state_.load(std::memory_order_acquire);
    if (state == kSet) {
      learn_from_park(t_spin_budget_ns, std::chrono::steady_clock::now() - parked);
      return;
    }
    // Announce the parked waiter before sleeping; set() swaps kSet in and sees kParked. If
    // set() came first, the CAS fails (or futex_wait returns at once as the word changed).
    if (state == kUnset &&
        !state_.compare_exchange_strong(state, kParked, std::memory_order_acquire)) {
      continue;
    }
    futex_wait(state_, kParked);
  }
}

bool ReadyFlag::wait_for(std::chrono::nanoseconds timeout) const {
  if (is_set()) return true;
  if (timeout <= std::chrono::nanoseconds::zero()) return false;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  // Spin no longer than the caller allows; a spin cut short by the timeout says nothing about
  // how fast replies come, so only a full one adapts the thread's budget.
  const bool truncated = timeout.count() < t_spin_budget_ns;
  std::int64_t budget = truncated ? timeout.count() : t_spin_budget_ns;
  const bool spun = spin_adaptively(budget, [this] { return is_set(); });
  if (!truncated) t_spin_budget_ns = budget;
  if (spun) return true;
  const auto parked = std::chrono::steady_clock::now();
  for (;;) {
    std::uint32_t state = state_.load(std::memory_order_acquire);
    if (state == kSet) {
      if (!truncated) learn_from_park(t_spin_budget_ns, std::chrono::steady_clock::now() - parked);
      return true;
    }
    const auto left = deadline - std::chrono::steady_clock::now();
    if (left <= std::chrono::nanoseconds::zero()) return false;
    if (state == kUnset &&
        !state_.compare_exchange_strong(state, kParked, std::memory_order_acquire)) {
      continue;
    }
    futex_wait(state_, kParked, std::chrono::duration_cast<std::chrono::nanoseconds>(left));
  }
}

}  // namespace pykka::detail
