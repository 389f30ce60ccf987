#include "runtime/threading/futex_hash.hpp"

#include <atomic>

#include <sys/prctl.h>

namespace pykka::detail {
namespace {

// From <linux/prctl.h> of Linux 6.16; older headers lack them.
constexpr int kPrFutexHash = 78;
constexpr unsigned long kPrFutexHashSetSlots = 1;

std::atomic<bool> g_enlarged{false};

}  // namespace

void fit_futex_hash(std::size_t live_actor_threads) noexcept {
  if (live_actor_threads < kEnlargeFutexHashAt || g_enlarged.load(std::memory_order_relaxed)) {
    return;
  }
  if (g_enlarged.exchange(true, std::memory_order_relaxed)) return;
  // Fails with EINVAL on kernels without per-process futex hashes: keep the global table then.
  (void)::prctl(kPrFutexHash, kPrFutexHashSetSlots, kFutexHashSlots, 0UL, 0UL);
}

}  // namespace pykka::detail
