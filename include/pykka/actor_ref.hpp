#pragma once

// pykka::ActorRef<A>: the safe handle to an actor, for use from any thread.
//
// A ref is a small copyable value (one shared pointer). All members are thread-safe. Refs are
// compared, hashed and ordered by the actor they point to, and print as "Class (urn:uuid:…)".
// ActorRef<A> converts implicitly to ActorRef<B> for any base B of A, and to the type-erased
// ActorRef<> (= ActorRef<Actor>); pykka::ref_cast recovers the typed ref.
//
// Ordering: messages sent from one thread to one actor are handled in the order they were sent.

#include <chrono>
#include <compare>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <utility>

#include "pykka/actor.hpp"
#include "pykka/detail/actor_cell.hpp"
#include "pykka/errors.hpp"
#include "pykka/future.hpp"
#include "pykka/message.hpp"

namespace pykka {

/// Reference to a running (or dead) actor of class A; the only way to talk to it.
///
/// @code
///   auto ref = pykka::start<Greeter>();
///   ref.tell(std::string("Hi!"));                     // never blocks
///   auto answer = ref.ask<std::string>("Hi?");         // blocks for the reply
///   auto timed = ref.ask<std::string>("Hi?", 3s);      // or throws pykka::Timeout
///   auto future = ref.ask<std::string>("Hi?", pykka::nonblocking);
///   ref.stop();
/// @endcode
template <class A>
class ActorRef {
  static_assert(std::is_base_of_v<Actor, A>, "ActorRef<A> needs A to derive from pykka::Actor");

 public:
  /// The actor class this ref is typed as.
  using actor_type = A;

  /// Creates an empty ref that points to no actor; every operation on it throws pykka::Error.
  ActorRef() noexcept = default;

  /// Internal: wraps a cell (pykka::start and the registry create refs). Not API.
  explicit ActorRef(std::shared_ptr<detail::ActorCell> cell) noexcept : cell_(std::move(cell)) {}

  /// Converts to a ref typed as a base class of A.
  template <class B>
  requires(std::is_base_of_v<A, B> && !std::is_same_v<A, B>) ActorRef(const ActorRef<B>& derived)
  noexcept  // NOLINT(google-explicit-constructor)
      : cell_(derived.cell()) {}

  /// Sends a message without waiting (fire and forget). Never blocks.
  /// Throws pykka::ActorDeadError("{actor} not found") if the actor is dead.
  template <class M>
  void tell(M&& message) const {
    checked().tell(Message(std::forward<M>(message)));
  }

  /// Sends a message and blocks until the reply, converted to R (default: the type-erased
  /// Message). Rethrows an exception thrown by the handler; throws pykka::ActorDeadError if the
  /// actor is dead or stops before handling it, pykka::TypeError if the reply is not an R.
  template <class R = Message, class M>
  R ask(M&& message) const {
    return std::move(ask<R>(std::forward<M>(message), nonblocking)).get();
  }

  /// Like ask(message), but throws pykka::Timeout when no reply arrived within `timeout`.
  template <class R = Message, class M, class Rep, class Period>
  R ask(M&& message, std::chrono::duration<Rep, Period> timeout) const {
    const auto limit = detail::to_nanoseconds(timeout);
    return std::move(ask<R>(std::forward<M>(message), nonblocking)).get(limit);
  }

  /// Sends a message and returns at once with a future of the reply (Pykka's block=False).
  /// Every failure of the ask is delivered through the future: a dead actor, and an exception
  /// thrown while moving or copying `message` into the mailbox. Throws only for misuse or when
  /// the future itself cannot be made: pykka::Error on an empty ref, std::bad_alloc.
  template <class R = Message, class M>
  Future<R> ask(M&& message, Nonblocking /*unused*/) const {
    detail::ActorCell& cell = checked();
    auto state = std::make_shared<detail::FutureState<R>>();
    try {
      cell.ask(Message(std::forward<M>(message)), state);
    } catch (...) {
      // Only the Message's construction can throw: ActorCell::ask itself never does.
      state->set_reply_exception(std::current_exception());
    }
    return Future<R>(std::move(state));
  }

  /// Asks the actor to stop after the messages already queued, and blocks until it has.
  /// Returns true if this request, or a stop request queued before it, stopped the actor (Pykka's
  /// "was being stopped"); false if the actor was already dead, which includes an actor already
  /// running its on_stop (is_alive() is false by then), as in Pykka.
  bool stop() const { return std::move(stop(nonblocking)).get(); }

  /// Like stop(), but throws pykka::Timeout if the actor did not stop within `timeout`.
  template <class Rep, class Period>
  bool stop(std::chrono::duration<Rep, Period> timeout) const {
    const auto limit = detail::to_nanoseconds(timeout);
    return std::move(stop(nonblocking)).get(limit);
  }

  /// Asks the actor to stop and returns a future of the result (see stop()).
  Future<bool> stop(Nonblocking /*unused*/) const {
    auto state = std::make_shared<detail::StopFutureState>();
    checked().ask(Message(detail::StopRequest{}), state);
    return Future<bool>(std::move(state));
  }

  /// Returns a future that completes with a pykka::Terminated notice once the actor has
  /// stopped and been torn down (see pykka/watch.hpp); at once if it already has. Every call
  /// returns a future of the same outcome; add a callback with its on_done. Never blocks.
  /// @code
  ///   pykka::Terminated notice = worker.termination().get(5s);
  ///   if (!notice.stopped()) std::rethrow_exception(notice.error);
  /// @endcode
  [[nodiscard]] Future<Terminated> termination() const;

  /// Returns false once the actor has stopped (or is stopping). A true answer may be stale.
  [[nodiscard]] bool is_alive() const noexcept { return cell_ && cell_->is_alive(); }

  /// Returns the actor's URN ("urn:uuid:…").
  [[nodiscard]] const std::string& actor_urn() const { return checked().urn(); }
  /// Returns the actor's class name without namespaces (e.g. "Greeter").
  [[nodiscard]] const std::string& actor_class_name() const { return checked().class_name(); }
  /// Returns the type of the actor's concrete class.
  [[nodiscard]] const std::type_info& actor_class() const { return checked().actor_type(); }

  /// Returns a proxy that turns member calls and field access into messages (see
  /// pykka/proxy.hpp, which defines it). Throws pykka::ActorDeadError if the actor is dead.
  /// @code
  ///   pykka::Future<int> sum = calculator.proxy().call(&Calculator::add, 1, 3);
  /// @endcode
  [[nodiscard]] ActorProxy<A> proxy() const;

  /// Returns true if this ref points to an actor.
  explicit operator bool() const noexcept { return cell_ != nullptr; }

  /// Returns true if both refs point to the same actor.
  template <class B>
  bool operator==(const ActorRef<B>& other) const noexcept {
    return cell_ == other.cell();
  }

  /// Orders refs by the actor they point to, consistently with ==: refs to one actor are
  /// equivalent, and all empty refs are equivalent to each other. The order is arbitrary (not
  /// start order) but stays the same while the actors exist, so refs can be keys of std::set
  /// and std::map.
  /// @code
  ///   std::set<pykka::AnyActorRef> seen{a, b, a};  // two elements
  /// @endcode
  template <class B>
  std::strong_ordering operator<=>(const ActorRef<B>& other) const noexcept {
    return std::compare_three_way{}(cell_.get(), other.cell().get());
  }

  /// Internal: the shared control block. Not API.
  [[nodiscard]] const std::shared_ptr<detail::ActorCell>& cell() const noexcept { return cell_; }
  /// Internal: hands over the shared control block, leaving this ref empty. Not API.
  [[nodiscard]] std::shared_ptr<detail::ActorCell> release_cell() && noexcept {
    return std::move(cell_);
  }

 private:
  [[nodiscard]] detail::ActorCell& checked() const {
    if (!cell_) throw Error("empty ActorRef: it does not point to any actor");
    return *cell_;
  }

  std::shared_ptr<detail::ActorCell> cell_;
};

/// A type-erased reference to an actor of any class.
using AnyActorRef = ActorRef<Actor>;

/// Returns a ref typed as A if the actor's class is A or derives from it, else std::nullopt.
template <class A, class B>
std::optional<ActorRef<A>> ref_cast(const ActorRef<B>& ref) {
  if (ref.cell() && ref.cell()->template is_instance_of<A>()) return ActorRef<A>(ref.cell());
  return std::nullopt;
}

namespace detail {
std::ostream& print_ref(std::ostream& out, const ActorCell* cell);
}

/// Writes "Class (urn:uuid:…)", or "ActorRef(empty)".
template <class A>
std::ostream& operator<<(std::ostream& out, const ActorRef<A>& ref) {
  return detail::print_ref(out, ref.cell().get());
}

template <class Self>
ActorRef<Self> Actor::actor_ref() const {
  static_assert(std::is_base_of_v<Actor, Self>, "actor_ref<Self>: Self must be an actor class");
  auto& own = cell();
  if constexpr (!std::is_same_v<Self, Actor>) {
    if (!own.template is_instance_of<Self>()) {
      throw TypeError(own.display() + " is not a " + detail::type_name<Self>());
    }
  }
  return ActorRef<Self>(own.shared_from_this());
}

}  // namespace pykka

/// Hashes a ref by the actor it points to.
template <class A>
struct std::hash<pykka::ActorRef<A>> {
  /// Returns the hash of the actor `ref` points to; equal refs hash equally. Never throws.
  std::size_t operator()(const pykka::ActorRef<A>& ref) const noexcept {
    return std::hash<const void*>{}(ref.cell().get());
  }
};

#include "pykka/watch.hpp"  // IWYU pragma: export (defines termination())
