#pragma once

// Fiber: a stack and a saved execution context that a thread can switch to and back. Private.
//
// The switch itself is Boost.Context's fcontext (jump_fcontext/make_fcontext: a few registers
// saved and restored, ~11 ns per round trip here). Every switch is announced to the sanitizers
// the build uses — AddressSanitizer must know which stack is live, ThreadSanitizer which
// logical thread runs — so the whole suite runs under both.
//
// A switch hands the fiber switched to a SwitchNote: what the context that switched away asks
// of it (typically: put me back in the pool, or: I am now suspended, publish me). The note
// lives on the stack of the fiber that switched away, which stays untouched until something
// switches back to it.
//
// Stacks are mapped on demand with a guard page below them: an overflow faults instead of
// corrupting memory. Only the pages a fiber has touched use memory.

#include <cstddef>

#include <boost/context/detail/fcontext.hpp>

namespace pykka::detail::fiber {

class Fiber;

/// What a context that switched away asks of the context it switched to.
struct SwitchNote {
  enum class Action {
    none,     ///< nothing
    release,  ///< `from` is done running: give it back to the pool
    suspend,  ///< `from` suspended in a wait: publish it as suspended (see Scheduler)
    exit,     ///< `from` ended its worker: switch no more
  };
  Action action = Action::none;
  Fiber* from = nullptr;  ///< set by switch_to
  void* argument = nullptr;
};

/// Where a new fiber starts. It must never return: it ends by switching away for good.
using FiberEntry = void (*)(boost::context::detail::transfer_t);

class Fiber {
 public:
  /// A fiber for the calling thread's own stack: it can be switched away from and back to, but
  /// owns no stack.
  Fiber() noexcept;
  /// A fiber with a new stack of `stack_size` bytes (rounded up to pages; plus a guard page)
  /// that starts in `entry` when first switched to. Throws std::bad_alloc if no stack can be
  /// mapped.
  Fiber(std::size_t stack_size, FiberEntry entry);
  /// Unmaps the stack. The fiber must not be running.
  ~Fiber();
  Fiber(const Fiber&) = delete;
  Fiber& operator=(const Fiber&) = delete;

  /// Switches the calling context, which must be this fiber, to `to`, handing it `note`.
  /// Returns, once some context switches back here, the note that switch brought.
  SwitchNote* switch_to(Fiber& to, SwitchNote& note) noexcept;

  /// Called first thing in a fiber's entry with the transfer it was started with; returns the
  /// note of the switch that started it.
  SwitchNote* started(boost::context::detail::transfer_t transfer) noexcept;

  /// Bytes of stack mapped (0 for a thread's own stack).
  [[nodiscard]] std::size_t stack_size() const noexcept { return usable_; }

  /// Link for the pools that keep fibers.
  Fiber* next = nullptr;

 private:
  SwitchNote* arrived(boost::context::detail::transfer_t transfer) noexcept;

  boost::context::detail::fcontext_t context_ = nullptr;  // where switching here resumes
  void* mapping_ = nullptr;                               // stack mapping, guard page first
  std::size_t mapped_ = 0;
  std::size_t usable_ = 0;
  const void* stack_bottom_ = nullptr;           // lowest usable address (for AddressSanitizer)
  std::size_t stack_bytes_ = 0;                  // usable size (for AddressSanitizer)
  void* fake_stack_ = nullptr;                   // AddressSanitizer's saved fake stack
  [[maybe_unused]] void* tsan_fiber_ = nullptr;  // ThreadSanitizer's logical thread
  [[maybe_unused]] bool owns_tsan_fiber_ = false;
};

}  // namespace pykka::detail::fiber
