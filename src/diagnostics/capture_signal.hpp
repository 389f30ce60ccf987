#pragma once

// Capturing the native stacks of other threads. Private.
//
// A thread cannot walk another thread's stack, so the dumper asks each known thread to walk its
// own: it hands the thread a preallocated CapturedStack and sends it a real-time signal; the
// handler records raw return addresses with backtrace() (no allocation, no locks, no logging)
// and reports completion through a semaphore. Symbolising happens later, in the dumper, outside
// signal context. A thread that does not answer in time (signal blocked, or under TSan busy
// outside any intercepted call) is reported without a stack; its buffer is never freed while
// its handler might still write to it.

#include <chrono>
#include <memory>
#include <optional>
#include <vector>

#include "diagnostics/thread_state.hpp"

namespace pykka::detail {

/// Returns the signal used to ask a thread for its stack (SIGRTMIN + 4).
int capture_signal_number() noexcept;

/// Returns the return address a capture handler sees for its caller (the kernel's signal
/// trampoline), or null if unknown; frames up to it belong to the capture, not to the thread.
const void* capture_signal_trampoline() noexcept;

/// Marks a capture finished with `count` frames and wakes the dumper. Async-signal-safe.
void complete_capture(CapturedStack& capture, int count) noexcept;

/// A known thread and, if it answered in time, its raw stack (innermost frame first).
struct ThreadSnapshot {
  std::shared_ptr<ThreadState> state;
  std::optional<std::vector<void*>> frames;
  bool is_caller = false;
  const char* missing_reason = nullptr;  // why frames is empty, for the report
};

/// Snapshots every known thread (the caller included, registering it) and captures their
/// stacks, waiting at most `limit` for the others to answer. Blocks; call outside signal context.
std::vector<ThreadSnapshot> capture_known_threads(std::chrono::milliseconds limit);

}  // namespace pykka::detail
