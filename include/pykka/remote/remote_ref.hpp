#pragma once

// pykka::remote::RemoteRef: a handle to an actor exposed by a node, possibly in another process
// or on another machine, reached through NATS.
//
// A RemoteRef is a small copyable value: the address (node name and exposed name) plus the local
// node that sends for it. It speaks Pykka's ref verbs — tell, ask (blocking, timed or returning a
// future), stop, is_alive — with the semantics a network allows:
// - tell is at-most-once: it never blocks and reports only local failures; a message to an actor
//   nobody serves, or lost with a server, is dropped silently.
// - ask always ends: with the reply, the remote handler's exception (its registered type, else
//   pykka::RemoteError), pykka::ActorDeadError at once when nobody serves the address (NATS "no
//   responders") or the actor is dead, or pykka::Timeout when no reply came in time (a lost
//   server or node). An ask without a timeout is bounded by the node's ask_timeout.
// - Order: the messages sent through one node to one remote actor are handled in the order they
//   were sent. Nothing is ordered between different sending nodes.
//
// - termination() is a future of the actor's death notice, across nodes (see remote_watch.hpp).
//
// Thread-safety: every member may be called from any thread, actors included. A ref outliving its
// node throws pykka::Error on use.

#include <chrono>
#include <iosfwd>
#include <memory>
#include <string>
#include <utility>

#include "pykka/errors.hpp"
#include "pykka/future.hpp"
#include "pykka/fwd.hpp"
#include "pykka/message.hpp"
#include "pykka/remote/wire.hpp"

namespace pykka::remote {

namespace detail {
class NodeCore;
}

struct RemoteTerminated;

/// Reference to an actor exposed by a node (see the header comment).
///
/// @code
///   pykka::remote::RemoteRef greeter = node.lookup("greeter", "node-a");
///   greeter.tell(std::string("Hi!"));
///   auto answer = greeter.ask<std::string>(std::string("Hi?"), 2s);
///   auto later = greeter.ask<std::string>(std::string("Hi?"), pykka::nonblocking);
/// @endcode
class RemoteRef {
 public:
  /// Creates an empty ref; every operation on it throws pykka::Error.
  RemoteRef() noexcept = default;

  /// Internal: made by Node::lookup. Not API.
  RemoteRef(std::shared_ptr<detail::NodeCore> node, std::string node_name, std::string name);

  /// Sends `message` without waiting for it to be handled (at-most-once). Throws
  /// pykka::TypeError if its type is not registered, pykka::InvalidArgument if it exceeds the
  /// frame limit, pykka::Error if the node is closed or NATS refuses it.
  template <class M>
  void tell(const M& message) const {
    publish_tell(encode_value(FrameKind::tell, message, max_frame_size()));
  }

  /// Sends `message` and blocks until the reply, converted to R, or until the node's ask_timeout
  /// (then pykka::Timeout). Throws as described in the header comment.
  template <class R = Message, class M>
  R ask(const M& message) const {
    return std::move(ask_future<R>(encode_value(FrameKind::ask, message, max_frame_size()),
                                   default_timeout()))
        .get();
  }

  /// Like ask(message), but throws pykka::Timeout when no reply arrived within `timeout`.
  template <class R = Message, class M, class Rep, class Period>
  R ask(const M& message, std::chrono::duration<Rep, Period> timeout) const {
    const auto limit = pykka::detail::to_nanoseconds(timeout);
    return std::move(ask_future<R>(encode_value(FrameKind::ask, message, max_frame_size()), limit))
        .get();
  }

  /// Sends `message` and returns at once with a future of the reply, which completes within the
  /// node's ask_timeout at the latest. Encoding failures (an unregistered type, an oversized
  /// frame) are thrown here, not delivered through the future.
  template <class R = Message, class M>
  Future<R> ask(const M& message, Nonblocking /*unused*/) const {
    return ask_future<R>(encode_value(FrameKind::ask, message, max_frame_size()),
                         default_timeout());
  }

  /// Asks the remote actor to stop after the messages already queued, and blocks until it has or
  /// `timeout` (default: the node's ask_timeout) passed (then pykka::Timeout). Returns true if
  /// this request stopped it, false if it was already dead or nobody serves the address.
  bool stop() const { return stop(default_timeout()); }
  /// Like stop(), with an explicit bound.
  template <class Rep, class Period>
  bool stop(std::chrono::duration<Rep, Period> timeout) const {
    return stop_for(pykka::detail::to_nanoseconds(timeout));
  }

  /// Returns whether the remote actor answered that it is alive within `timeout` (default: one
  /// second). Unlike ActorRef::is_alive this is a round trip; it never throws for network
  /// reasons: no answer in time, or nobody serving the address, counts as false.
  [[nodiscard]] bool is_alive(std::chrono::nanoseconds timeout = std::chrono::seconds(1)) const;

  /// Returns a future that completes with a RemoteTerminated notice once the remote actor has
  /// stopped (with how), once it is not served any more, or once its node is lost; at once-ish
  /// (one round trip) if nothing is served under this address. Every call for one address
  /// returns the same future until it completes. Does not block. Throws pykka::Error if the ref
  /// is empty or its node is closed. Include pykka/remote/remote_watch.hpp to use it.
  /// @code
  ///   remote.termination().on_done([](const auto& done) { std::cout << done.get() << "\n"; });
  /// @endcode
  [[nodiscard]] Future<RemoteTerminated> termination() const;

  /// Returns the name the actor is exposed under.
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  /// Returns the name of the node that exposes it.
  [[nodiscard]] const std::string& node_name() const noexcept { return node_name_; }
  /// Returns the NATS subject its messages are published to ("pykka.<node>.<name>").
  [[nodiscard]] const std::string& subject() const noexcept { return subject_; }

  /// Returns true if this ref has an address.
  explicit operator bool() const noexcept { return node_ != nullptr; }
  /// Returns true if both refs have the same address.
  friend bool operator==(const RemoteRef& a, const RemoteRef& b) noexcept {
    return a.subject_ == b.subject_;
  }

  /// Writes "RemoteRef(name @ node)", or "RemoteRef(empty)".
  friend std::ostream& operator<<(std::ostream& out, const RemoteRef& ref);

 private:
  template <class R>
  Future<R> ask_future(std::string frame, std::chrono::nanoseconds timeout) const {
    auto state = std::make_shared<pykka::detail::FutureState<R>>();
    publish_ask(std::move(frame), state, timeout);
    return Future<R>(std::move(state));
  }

  [[nodiscard]] detail::NodeCore& checked() const;
  [[nodiscard]] std::size_t max_frame_size() const;
  [[nodiscard]] std::chrono::nanoseconds default_timeout() const;
  void publish_tell(std::string frame) const;
  // Publishes a request and lets the node complete `target` with its outcome within `timeout`.
  void publish_ask(std::string frame, std::shared_ptr<pykka::detail::ReplyTarget> target,
                   std::chrono::nanoseconds timeout) const;
  bool stop_for(std::chrono::nanoseconds timeout) const;

  std::shared_ptr<detail::NodeCore> node_;
  std::string node_name_;
  std::string name_;
  std::string subject_;
};

}  // namespace pykka::remote
