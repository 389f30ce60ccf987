#pragma once

// pykka::Runtime: the one interface between actors and whatever runs them.
//
// An actor knows nothing of threads. A runtime decides where an actor's messages are handled
// and how a context that must wait (for a future, a stop, a mailbox) waits: a thread parks, a
// fiber would suspend, a Python caller would release its lock first. Each ActorSystem owns one
// instance of each runtime its actors use, created on first use and shut down with the system.
//
// The contract, in the order things happen to one actor:
//
//   launch(cell, options)  pykka::start calls it once, on the starting thread, after the actor
//                          was constructed and registered. The runtime arranges for the actor's
//                          context to call cell->run(budget) repeatedly. Throwing refuses the
//                          actor: start unregisters it, answers what was queued, and rethrows.
//   cell.run(budget)       on the actor's context, never on two contexts at once. Handles up to
//                          `budget` messages (on_start first, on the first call) and reports:
//                            yielded   budget used up, messages may remain: run it again later;
//                            idle      the mailbox is empty: call cell.try_block();
//                            finished  the actor stopped: call cell.finish() once, on the same
//                                      context, and never run it again.
//   cell.try_block()       on the actor's context after `idle`: true means the actor is now
//                          blocked and the next message will be announced through schedule();
//                          false means a message arrived meanwhile: run it again.
//   schedule(cell)         on the sending thread, exactly once per successful try_block, right
//                          after the message that unblocked the actor was queued. Must not block,
//                          throw, or run the actor inline; the sender holds the cell alive for
//                          the duration of the call.
//   wait(future, timeout)  on a context this runtime runs an actor on, whenever code there blocks
//                          on a pykka future (Future::get, a blocking ask or stop, get_all, …).
//                          Returns once the future is complete (true) or the timeout passed
//                          (false). The default parks the calling thread.
//   shutdown()             once, by the owning ActorSystem after its actors were stopped (or it
//                          gave up waiting for them). Must not wait for actors.
//
// Coroutines need nothing from a runtime: a coroutine that awaits a pykka future inside a
// handler resumes as a message in the actor's own mailbox, in order with every other message.
//
// Thread-safety: launch, schedule and wait may be called from any thread at once.

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>

#include "pykka/fwd.hpp"

namespace pykka {

namespace detail {
class ActorCell;
class FutureStateBase;
}  // namespace detail

/// How a run of an actor's messages ended (see pykka::Runtime).
enum class RunResult {
  idle,      ///< The mailbox is empty: call try_block().
  yielded,   ///< The budget was used up; messages may remain.
  finished,  ///< The actor has stopped: call finish() once.
};

/// What a runtime is told about one actor when it is launched.
struct LaunchOptions {
  /// Do not wait for this actor at process exit (Pykka's use_daemon_thread).
  bool daemon = false;
  /// Stack size in bytes for the actor's context; 0 keeps the runtime's default.
  std::size_t stack_size = 0;
};

/// Runs actors and decides how their contexts wait. See the header comment for the contract.
class Runtime {
 public:
  Runtime() = default;
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;
  virtual ~Runtime();

  /// Returns a short name for logs and dumps, e.g. "threading".
  [[nodiscard]] virtual const char* name() const noexcept = 0;

  /// Starts running a constructed, registered actor. Throws to refuse it.
  virtual void launch(std::shared_ptr<detail::ActorCell> cell, const LaunchOptions& options) = 0;

  /// Makes a blocked actor runnable again; called by the push that unblocked it.
  virtual void schedule(detail::ActorCell& cell) noexcept = 0;

  /// Blocks the calling context until `future` is complete or `timeout` (none: no limit)
  /// passed; returns whether it is complete. The default parks the calling thread, spinning
  /// briefly first.
  virtual bool wait(const detail::FutureStateBase& future,
                    std::optional<std::chrono::nanoseconds> timeout);

  /// Releases what the runtime holds; called once by the owning system at its end.
  virtual void shutdown() noexcept {}
};

namespace detail {
/// Parks the calling thread until `future` is complete or `timeout` passed (the default wait).
bool wait_on_thread(const FutureStateBase& future, std::optional<std::chrono::nanoseconds> timeout);
/// Returns the runtime of the actor whose code runs on this context, or null.
Runtime* current_runtime() noexcept;
}  // namespace detail

}  // namespace pykka
