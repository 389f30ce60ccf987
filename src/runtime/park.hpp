#pragma once

// Private building blocks for blocking without a mutex: bounded, adaptive spinning followed by
// parking the thread on a futex. Linux only (the futex system call).
//
// The futex word is a std::atomic<std::uint32_t>; every happens-before edge comes from the
// acquire/release operations on atomics, never from the futex call itself (which may also return
// spuriously), so waiters always re-check their condition after waking.

#include <atomic>
#include <chrono>
#include <climits>
#include <cstdint>
#include <ctime>

#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace pykka::detail {

static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t) &&
                  std::atomic<std::uint32_t>::is_always_lock_free,
              "futex words must be plain 32-bit atomics");

/// Tells the CPU that this is a spin-wait loop (saves power and the sibling hyper-thread).
inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield" ::: "memory");
#endif
}

/// Blocks while `word` holds `expected`, at most `timeout` (forever if negative). May return
/// early or spuriously: callers re-check their condition.
inline void futex_wait(const std::atomic<std::uint32_t>& word, std::uint32_t expected,
                       std::chrono::nanoseconds timeout = std::chrono::nanoseconds(-1)) noexcept {
  timespec relative{};
  timespec* limit = nullptr;
  if (timeout.count() >= 0) {
    relative.tv_sec = static_cast<time_t>(timeout.count() / 1'000'000'000);
    relative.tv_nsec = static_cast<long>(timeout.count() % 1'000'000'000);
    limit = &relative;
  }
  (void)::syscall(SYS_futex, reinterpret_cast<const std::uint32_t*>(&word), FUTEX_WAIT_PRIVATE,
                  expected, limit, nullptr, 0);
}

/// Wakes up to `count` threads blocked in futex_wait on `word`.
inline void futex_wake(const std::atomic<std::uint32_t>& word, int count) noexcept {
  (void)::syscall(SYS_futex, reinterpret_cast<const std::uint32_t*>(&word), FUTEX_WAKE_PRIVATE,
                  count, nullptr, nullptr, 0);
}

/// Wakes every thread blocked in futex_wait on `word`.
inline void futex_wake_all(const std::atomic<std::uint32_t>& word) noexcept {
  futex_wake(word, INT_MAX);
}

/// Shortest and longest spin before parking, in nanoseconds.
inline constexpr std::int64_t kMinSpinNs = 500;
inline constexpr std::int64_t kMaxSpinNs = 50'000;
/// After this long, a spinning thread also yields its core between checks: on an
/// over-subscribed machine the thread it waits for may need exactly this core.
inline constexpr std::int64_t kYieldAfterNs = 2'000;
/// A spin that ends this much later than its budget lost its core in between.
inline constexpr std::int64_t kLostCoreNs = 20'000;

/// Set by spin_adaptively when a spin ran out late, having lost its core for a while (to a
/// preemption, or to another thread its yield let run): the machine has more runnable threads
/// than cores, and the park that follows says nothing about how long a spin should be.
inline thread_local bool t_spin_lost_core = false;

/// Spins until `ready()` returns true or `budget_ns` passed; returns whether `ready()` did. The
/// budget adapts to what spinning achieved: it doubles when a spin ends with the awaited event
/// and halves when the waiter has to park anyway, so a thread in a tight request/response
/// exchange keeps spinning while an idle one soon stops burning CPU. The budget belongs to one
/// waiting thread (or to a single consumer): it is not synchronised.
template <class Ready>
bool spin_adaptively(std::int64_t& budget_ns, Ready&& ready) noexcept {
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    // Reading the clock costs ~20 ns: look at it only every few rounds.
    for (int i = 0; i < 16; ++i) {
      if (ready()) {
        budget_ns = budget_ns * 2 > kMaxSpinNs ? kMaxSpinNs : budget_ns * 2;
        return true;
      }
      cpu_relax();
    }
    const auto spent = std::chrono::steady_clock::now() - start;
    if (spent >= std::chrono::nanoseconds(budget_ns)) {
      t_spin_lost_core = spent >= std::chrono::nanoseconds(budget_ns + kLostCoreNs);
      budget_ns = budget_ns / 2 < kMinSpinNs ? kMinSpinNs : budget_ns / 2;
      return false;
    }
    if (spent >= std::chrono::nanoseconds(kYieldAfterNs)) sched_yield();
  }
}

/// Adapts a budget once more after its waiter, out of spin, parked and was woken `parked` later.
/// A short park means the awaited event came soon after the spin gave up: spinning for the whole
/// wait would have caught it, so the budget grows to cover it. Without this, two threads in a
/// request/response exchange whose budgets once fell below the other's wake-up latency park for
/// good: each stops spinning before the other, woken from its own park, can answer. Not after
/// a spin that lost its core (t_spin_lost_core): on a machine with more runnable threads than
/// cores, a spinning thread only delays the threads that would make the event happen (its
/// yields hand its core to them, or to any other busy thread for a whole time slice), while a
/// parked one that the kernel wakes gets a core soon; there the halved budget stands.
inline void learn_from_park(std::int64_t& budget_ns, std::chrono::nanoseconds parked) noexcept {
  if (parked.count() >= kMaxSpinNs || t_spin_lost_core) return;
  // The failed spin lasted about twice the halved budget; then came the park.
  const std::int64_t waited = 2 * budget_ns + parked.count();
  budget_ns = 2 * waited > kMaxSpinNs ? kMaxSpinNs : 2 * waited;
}

}  // namespace pykka::detail
