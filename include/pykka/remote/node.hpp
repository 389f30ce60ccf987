#pragma once

// pykka::remote::Node: an actor system's presence on a NATS server or cluster.
//
// A node has a name, unique among the nodes sharing the servers. It serves only the actors it was
// told to expose, each under a name, on the subject "pykka.<node>.<name>"; any node can reach
// them through a RemoteRef from lookup(). Replies travel to the asking node's own inbox, so they
// find their way back whichever server each node is connected to. The node keeps reconnecting
// after a lost server (asks in flight then end with their timeout).
//
// Ordering: frames for one exposed actor are handed to it in the order they arrived, on one
// NATS delivery thread; since each node publishes over one connection, what one node sends to
// one remote actor is handled in the order it was sent.
//
// Death watch: watch(remote, watcher) and RemoteRef::termination() report when a remote actor
// stops, or when its node disappears (see remote_watch.hpp). For that every node publishes a
// heartbeat every heartbeat_interval, on the node's timer thread that also ends timed-out asks.
//
// Thread-safety: every member may be called from any thread, actors included, except that a node
// must not be destroyed by one of the actors it exposes, nor from inside a reply callback or an
// on_done callback of a termination future it completes.
//
// Lifetime: the node must be destroyed before its ActorSystem. Its destructor unsubscribes every
// exposed actor and the reply inbox and waits (bounded by close_timeout) until no NATS callback
// of this node is running or will run, then closes the connection; asks still pending fail with
// pykka::Error. RemoteRefs outliving their node throw pykka::Error on use. Replies that exposed
// actors produce after that are dropped. Before all that, it tells the nodes watching its actors
// that it is leaving; watches it holds end without a notice, their futures failing with
// pykka::Error.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pykka/actor_ref.hpp"
#include "pykka/remote/remote_ref.hpp"
#include "pykka/remote/remote_watch.hpp"
#include "pykka/remote/wire.hpp"

namespace pykka {
class ActorSystem;
}

namespace pykka::remote {

/// TLS settings, passed through to the NATS client (libnats). Empty fields are left unset.
struct TlsOptions {
  bool secure = false;            ///< Requires a TLS connection (also implied by tls:// URLs).
  std::string ca_file;            ///< PEM file of the certificate authorities to trust.
  std::string cert_file;          ///< PEM file of this client's certificate chain (mutual TLS).
  std::string key_file;           ///< PEM file of this client's private key (mutual TLS).
  std::string expected_hostname;  ///< Host name to check the server's certificate against.
  bool skip_verify = false;       ///< Skips the server certificate check (tests only).
};

/// How a node connects and what it accepts.
struct NodeOptions {
  /// The node's name: letters, digits, '-' and '_' only. Required.
  std::string name;
  /// The NATS servers to connect to (e.g. "nats://127.0.0.1:4222"); the client picks among them
  /// and fails over to the others.
  std::vector<std::string> urls{"nats://127.0.0.1:4222"};
  std::string user;      ///< User name for user/password authentication, if any.
  std::string password;  ///< Password for user/password authentication, if any.
  std::string token;     ///< Token for token authentication, if any.
  TlsOptions tls;        ///< TLS settings.
  /// Largest frame sent or accepted, in bytes; larger frames are refused at the sender and
  /// dropped at the receiver.
  std::size_t max_frame_size = kDefaultMaxFrameSize;
  /// Bound of an ask given no timeout, of a non-blocking ask's future, and of stop().
  std::chrono::milliseconds ask_timeout{std::chrono::seconds(30)};
  /// Bound of connecting in the constructor.
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(2)};
  /// Pause between reconnection attempts after a lost server.
  std::chrono::milliseconds reconnect_wait{std::chrono::milliseconds(100)};
  /// Reconnection attempts per server before giving up; -1 keeps trying for ever.
  int max_reconnects = -1;
  /// Bound of the destructor's wait for running NATS callbacks.
  std::chrono::milliseconds close_timeout{std::chrono::seconds(5)};
  /// How often this node publishes its heartbeat, and checks the nodes it watches.
  std::chrono::milliseconds heartbeat_interval{std::chrono::milliseconds(500)};
  /// How long a watched node may stay silent before its watched actors count as dead
  /// (node_lost). Keep it several times the watched nodes' heartbeat_interval; it must be
  /// longer than this node's own.
  std::chrono::milliseconds heartbeat_timeout{std::chrono::seconds(3)};
  /// How frames reach the socket. true: the node's I/O thread writes them, so the frames sent
  /// while it wakes up (a burst of tells, the replies to a batch of asks, asks pipelined from a
  /// thread) leave in one write: fewer system calls for this process and for the NATS server,
  /// at the cost of one thread wake-up per write (a lone ask's round trip takes some tens of
  /// microseconds longer). false: the thread that sends a frame writes it at once.
  bool batch_writes = true;
};

/// One actor some node exposes, as found by Node::get_all.
struct DiscoveredActor {
  std::string node;        ///< The exposing node's name.
  std::string name;        ///< The name it is exposed under.
  std::string class_name;  ///< Its class name without namespaces (e.g. "Greeter").
};

/// An actor system connected to NATS under a name (see the header comment).
///
/// @code
///   pykka::remote::NodeOptions options;
///   options.name = "node-a";
///   options.urls = {"nats://127.0.0.1:4222"};
///   pykka::remote::Node node(system, options);
///   node.expose(system.start<Greeter>(), "greeter");
///   pykka::remote::RemoteRef greeter = node.lookup("greeter", "node-b");
/// @endcode
class Node {
 public:
  /// Connects to NATS; blocks at most options.connect_timeout per server. Throws
  /// pykka::InvalidArgument for a bad name or URL list, pykka::Error when no server accepted the
  /// connection (with NATS's reason).
  Node(ActorSystem& system, NodeOptions options);
  /// Closes the node (see the header comment). Never throws.
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  /// Serves `actor` under `name` (letters, digits, '-', '_' and ':'), until unexpose or the
  /// node's destruction; blocks until the server has the subscription (bounded by
  /// connect_timeout). Returns the name. Throws pykka::InvalidArgument for a bad or taken name,
  /// pykka::Error if NATS refuses the subscription.
  std::string expose(const AnyActorRef& actor, std::string name);
  /// Serves `actor` under its URN ("urn:uuid:…"); returns that name.
  std::string expose(const AnyActorRef& actor);
  /// Stops serving `name`; later asks to it fail with pykka::ActorDeadError. Waits (bounded by
  /// close_timeout) until no callback for it runs. Returns false if nothing was exposed under it.
  bool unexpose(std::string_view name);

  /// Watches `remote` for the local actor `watcher`: once the remote actor has stopped, is no
  /// longer served or its node is lost, `watcher` is told one RemoteTerminated message, handled
  /// by its on_receive in order with its other messages; soon (one round trip) if the address
  /// names nothing being served. Watching again for the same watcher does nothing. Does not
  /// block on the network. Throws pykka::Error for an empty ref or a closed node. See
  /// pykka/remote/remote_watch.hpp.
  /// @code
  ///   void on_start() override { node_.watch(worker_, actor_ref()); }
  ///   pykka::Message on_receive(pykka::Message& message) override {
  ///     if (auto* gone = message.get_if<pykka::remote::RemoteTerminated>()) replace(gone->actor);
  ///     return {};
  ///   }
  /// @endcode
  void watch(const RemoteRef& remote, const AnyActorRef& watcher);
  /// Withdraws a watch: `watcher` handles no notice for `remote` after this returns, even one
  /// already queued (called from another thread than the watcher's, a notice being handled at
  /// that very moment still finishes). Returns false if it was not watching, or its notice was
  /// handled already. Thread-safe.
  bool unwatch(const RemoteRef& remote, const AnyActorRef& watcher);

  /// Returns a ref to the actor exposed as `name` by the node `node_name` (by default, this
  /// node). Does not contact anyone: a ref to an address nobody serves fails on its first ask.
  [[nodiscard]] RemoteRef lookup(std::string_view name, std::string_view node_name = {}) const;

  /// Returns refs to every actor that the nodes on the servers (this one included) expose, as
  /// far as they answered within `deadline`: a scatter-gather that always takes `deadline`,
  /// except that it returns at once when no node answers at all. Pykka's
  /// ActorRegistry.get_all, across the cluster. Thread-safe.
  [[nodiscard]] std::vector<RemoteRef> get_all(std::chrono::milliseconds deadline) const;
  /// Like get_all, keeping the actors whose class name (without namespaces) is `class_name`.
  [[nodiscard]] std::vector<RemoteRef> get_by_class_name(std::string_view class_name,
                                                         std::chrono::milliseconds deadline) const;
  /// Like get_all, returning what each node said about each actor.
  [[nodiscard]] std::vector<DiscoveredActor> discover(std::chrono::milliseconds deadline) const;

  /// Returns this node's name.
  [[nodiscard]] const std::string& name() const noexcept;
  /// Returns the system whose actors this node serves.
  [[nodiscard]] ActorSystem& system() const noexcept { return system_; }
  /// Returns true while the connection to a server is up (false while reconnecting).
  [[nodiscard]] bool is_connected() const noexcept;

 private:
  ActorSystem& system_;
  std::shared_ptr<detail::NodeCore> core_;
};

}  // namespace pykka::remote
