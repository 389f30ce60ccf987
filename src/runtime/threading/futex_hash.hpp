#pragma once

// Sizing the process's private futex hash table for thousands of parked actor threads. Private.
//
// Every parked actor thread waits on a futex, and Linux (6.16 and later) hashes a process's
// private futexes into a table sized by CPU count: 16 buckets on 2 CPUs. With thousands of
// parked threads each futex_wake walks a long chain, which made stop_all quadratic (20k actors:
// 9–14 s). Past kEnlargeFutexHashAt live actor threads the runtime asks the kernel, once, for
// kFutexHashSlots buckets (about 1 MiB of kernel memory, against some 24 KiB per thread). Older
// kernels refuse the request, and nothing changes. Thread-safe.

#include <cstddef>

namespace pykka::detail {

inline constexpr std::size_t kEnlargeFutexHashAt = 1000;
inline constexpr unsigned long kFutexHashSlots = 16384;

/// Told the number of live actor threads each time it grew; enlarges the table once, when that
/// number first reaches kEnlargeFutexHashAt. Never throws.
void fit_futex_hash(std::size_t live_actor_threads) noexcept;

}  // namespace pykka::detail
