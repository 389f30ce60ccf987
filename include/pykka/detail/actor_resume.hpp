#pragma once

// Resuming a coroutine on the actor whose handler awaited. Installed because FutureAwaiter is a
// template; not API.
//
// A coroutine that awaits a pykka future while one of an actor's handlers runs on the context
// (it was started, or last resumed, there) resumes as a message in that actor's mailbox, handled
// in order with every other message, so actor state is only ever touched on the actor's own
// context. If the actor has stopped by then, the coroutine resumes anyway — on the thread that
// completed the future, or in the actor's teardown — with `gone` set, and its co_await throws
// that ActorDeadError instead of returning: nothing is left suspended forever.

#include <coroutine>
#include <exception>
#include <memory>

namespace pykka::detail {

class ActorCell;

/// A coroutine suspended inside an actor; lives in the awaiter, in the coroutine frame.
struct SuspendedInActor {
  std::coroutine_handle<> handle;
  std::exception_ptr gone;  // set when the actor stopped before it could resume the coroutine
};

/// Returns the actor whose handler runs on the calling context, or null outside actors.
std::shared_ptr<ActorCell> actor_to_resume_in() noexcept;

/// Queues the resumption of `suspended` in `actor`'s mailbox, or resumes it at once with `gone`
/// set if the mailbox is closed.
void resume_in_actor(const std::shared_ptr<ActorCell>& actor, SuspendedInActor& suspended) noexcept;

}  // namespace pykka::detail
