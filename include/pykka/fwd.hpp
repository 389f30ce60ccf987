#pragma once

// Forward declarations of pykka's public types.

/// The actor model of Pykka for C++: actors, their refs, futures and the registry.
/// Start with pykka::start and pykka::ActorRef; everything in pykka::detail is internal.
namespace pykka {

class Actor;
class Message;
template <class A = Actor>
class ActorRef;
template <class T>
class Future;
class ActorRegistry;
class ActorSystem;
class Registry;
class Runtime;
template <class A, class T = A>
class ActorProxy;
class ThreadingActor;
class ThreadingRuntime;
struct Terminated;
enum class TerminationReason;

/// Tag selecting the non-blocking form of ask/stop, which returns a future (Pykka's block=False).
struct Nonblocking {
  explicit constexpr Nonblocking() = default;
};
/// Pass to ask/stop to get a future instead of blocking: `ref.ask(msg, pykka::nonblocking)`.
inline constexpr Nonblocking nonblocking{};

namespace detail {
class ActorCell;
}  // namespace detail

}  // namespace pykka
