#pragma once

// Giving an idle thread's unused stack pages back to the OS.
//
// A thread that handled something deep once keeps those stack pages resident for good. A
// runtime that owns a thread calls enable_stack_trimming() on it; the mailbox, about to park
// for long, calls trim_stack(), which releases every page below the current stack pointer
// (they are dead by the ABI) with madvise(MADV_DONTNEED). A page touched again later comes back
// zero-filled, at the cost of a page fault.
//
// x86-64 Linux only, and off under AddressSanitizer and ThreadSanitizer (their shadow memory
// must not see stack contents vanish); elsewhere both calls do nothing.

#include <chrono>

namespace pykka::detail {

/// How long a mailbox stays parked before its thread trims its stack.
inline constexpr std::chrono::milliseconds kTrimStackAfter{200};

/// Records the calling thread's stack bounds, so trim_stack() may release its unused part.
void enable_stack_trimming() noexcept;

/// True if trim_stack() would release something on the calling thread now: trimming is enabled
/// and the stack page below the current one is resident (a handler went deeper than here).
/// One mincore() system call; no TLB shoot-down.
[[nodiscard]] bool stack_trim_worthwhile() noexcept;

/// Releases the pages of the calling thread's stack below the current stack pointer. Callers
/// ask stack_trim_worthwhile() first; this does not check residency again.
void trim_stack() noexcept;

}  // namespace pykka::detail
