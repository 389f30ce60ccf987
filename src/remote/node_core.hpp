#pragma once

// The state of a node shared by the Node and its RemoteRefs: the NATS connection, the exposed
// actors' subscriptions, the asks waiting for a reply, and the remote actors it watches.
//
// Threads: NATS delivers each subscription's messages on one library thread; replies of exposed
// actors are published from the actors' contexts; the reaper thread fails asks whose deadline
// passed and, every heartbeat interval, runs the death-watch tick (publishes this node's
// heartbeat, declares silent nodes lost, re-checks watches). close() (from the Node's
// destructor) stops all of them from touching the core again.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <nats/nats.h>

#include "pykka/actor_ref.hpp"
#include "pykka/detail/future_state.hpp"
#include "pykka/detail/reply_target.hpp"
#include "pykka/errors.hpp"
#include "pykka/remote/node.hpp"
#include "pykka/remote/remote_watch.hpp"
#include "pykka/watch.hpp"
#include "remote/event_loop.hpp"

namespace pykka::remote::detail {

// Every node answers a request on this subject with what it exposes.
inline constexpr const char* kDiscoverSubject = "pykka._discover";

inline std::string nats_error(const char* what, natsStatus status) {
  return std::string(what) + ": " + natsStatus_GetText(status);
}

// Throws pykka::Error naming `what` and NATS's reason unless `status` is NATS_OK.
inline void check(natsStatus status, const char* what) {
  if (status != NATS_OK) throw Error(nats_error(what, status));
}

// Something a NATS callback may still be using: freed only after NATS said it is done with it.
struct Completion {
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;  // guarded by mutex

  void mark_done() {
    std::lock_guard lock(mutex);
    done = true;
    done_cv.notify_all();
  }
  bool wait(std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex);
    return done_cv.wait_for(lock, limit, [&] { return done; });
  }
  bool finished() {
    std::lock_guard lock(mutex);
    return done;
  }
};

class NodeCore : public std::enable_shared_from_this<NodeCore> {
 public:
  explicit NodeCore(NodeOptions options);
  ~NodeCore();
  NodeCore(const NodeCore&) = delete;
  NodeCore& operator=(const NodeCore&) = delete;

  // Connects and subscribes to the reply inbox; throws on failure.
  void start();
  // Unsubscribes everything, fails pending asks and closes the connection. Idempotent.
  void close() noexcept;

  [[nodiscard]] const NodeOptions& options() const noexcept { return options_; }
  [[nodiscard]] bool is_connected() const noexcept;
  // How many times the connection was lost so far.
  [[nodiscard]] std::uint64_t disconnects() const noexcept;

  void expose(const AnyActorRef& actor, const std::string& name);
  bool unexpose(const std::string& name);

  // Publishes a frame with no reply expected; throws pykka::Error if closed or refused.
  void publish(const std::string& subject, const std::string& frame);
  // Publishes a request whose outcome completes `target` within `timeout`. Never throws: every
  // failure goes to `target`.
  void request(const std::string& subject, const std::string& display, const std::string& frame,
               std::shared_ptr<pykka::detail::ReplyTarget> target,
               std::chrono::nanoseconds timeout) noexcept;
  // Asks every node for what it exposes and collects the answers until `timeout` passed (or
  // at once when no node answers at all): one entry per exposed actor.
  std::vector<DiscoveredActor> discover(std::chrono::nanoseconds timeout);

  // Publishes a reply of an exposed actor; drops it (returns) once the node is closed.
  void publish_reply(const std::string& reply_subject, const std::string& frame) noexcept;

  // Death watch of the actor exposed as `name` by `node` (death_watch.cpp): the future of its
  // notice, or a watching actor told it. Throw pykka::Error once closed or if NATS refuses.
  Future<RemoteTerminated> termination(const std::string& node, const std::string& name);
  void watch(const std::string& node, const std::string& name, const AnyActorRef& watcher);
  bool unwatch(const std::string& node, const std::string& name, const AnyActorRef& watcher);

 private:
  struct Served {
    NodeCore* core = nullptr;
    AnyActorRef actor;
    std::string name;
    natsSubscription* subscription = nullptr;
    Completion completion;
  };
  // A local actor told the notice of a watched remote actor.
  struct ActorWatcher {
    std::weak_ptr<pykka::detail::ActorCell> cell;
    std::shared_ptr<std::atomic<bool>> revoked;  // set by unwatch: a queued notice is dropped
  };
  // One watched address on a watched node.
  struct WatchedActor {
    std::string incarnation;  // of the node that last answered "alive"; empty until then
    bool confirmed = false;   // answered "alive" since the watch began or the last reconnect
    bool check_in_flight = false;
    std::shared_ptr<pykka::detail::FutureState<RemoteTerminated>> termination;  // made lazily
    std::vector<ActorWatcher> watchers;
  };
  // One watched node: the subscription to its death-watch subjects and its liveness.
  struct WatchedNode {
    natsSubscription* subscription = nullptr;
    std::unique_ptr<Completion> completion = std::make_unique<Completion>();
    std::string incarnation;  // the latest heard from
    std::string left;         // the incarnation that said it was leaving
    std::chrono::steady_clock::time_point last_heard;
    bool heard = false;  // heard from since the watch began or this node last reconnected
    std::map<std::string, WatchedActor, std::less<>> actors;
  };
  // An unsubscribed watch subscription, destroyed once NATS says its callback is done.
  struct Retired {
    natsSubscription* subscription = nullptr;
    std::unique_ptr<Completion> completion;
  };
  // A watch that ended: whom to tell what.
  struct Ending {
    std::string node;
    std::string name;
    RemoteTerminationReason reason = RemoteTerminationReason::stopped;
    std::string error_type;
    std::string error_text;
    WatchedActor actor;
  };
  using WatchedNodes = std::map<std::string, WatchedNode, std::less<>>;
  class WatchCheck;

  struct Pending {
    std::shared_ptr<pykka::detail::ReplyTarget> target;
    std::chrono::steady_clock::time_point deadline;
    std::string display;
    std::chrono::nanoseconds timeout{};
  };

  static void on_request(natsConnection* connection, natsSubscription* subscription,
                         natsMsg* message, void* closure);
  static void on_reply(natsConnection* connection, natsSubscription* subscription, natsMsg* message,
                       void* closure);
  static void on_subscription_complete(void* closure);
  static void on_discover(natsConnection* connection, natsSubscription* subscription,
                          natsMsg* message, void* closure);

  static void on_watch_frame(natsConnection* connection, natsSubscription* subscription,
                             natsMsg* message, void* closure);

  void expose_locked(std::unique_ptr<Served> served, const std::string& subject);  // served_mutex_
  void serve(Served& served, natsMsg* message);
  void handle_reply(natsMsg* message);
  void reap();
  void stop_serving(std::unique_ptr<Served> served) noexcept;
  std::shared_ptr<pykka::detail::ReplyTarget> take_pending(std::uint64_t id);

  // Death watch, serving side: what a watch check is answered, and the notices published.
  [[nodiscard]] std::vector<std::string> watch_status(const AnyActorRef& actor) const;
  void announce_when_terminated(const AnyActorRef& actor, const std::string& name);
  void announce(const std::string& name, const std::vector<std::string>& notice) noexcept;
  void say_leaving() noexcept;
  // Death watch, watching side (watch_mutex_ held where noted).
  std::shared_ptr<pykka::detail::FutureState<RemoteTerminated>> add_watch(
      const std::string& node, const std::string& name, const AnyActorRef* watcher);
  WatchedNode& watched_node(const std::string& node);  // watch_mutex_ held
  void retire(WatchedNode& node);                      // watch_mutex_ held
  // The entry of a watched address (and its node in `found_node`), or null; watch_mutex_ held.
  WatchedActor* find_watched(const std::string& node, const std::string& name,
                             WatchedNodes::iterator& found_node);
  void end_watch(WatchedNodes::iterator node, const std::string& name,
                 RemoteTerminationReason reason, std::string error_type, std::string error_text,
                 std::vector<Ending>& endings);  // watch_mutex_ held
  void end_where(WatchedNodes::iterator node, const std::string& incarnation, bool and_unconfirmed,
                 const std::string& text,
                 std::vector<Ending>& endings);  // watch_mutex_ held
  void adopt_incarnation(WatchedNodes::iterator node, const std::string& incarnation,
                         std::vector<Ending>& endings);  // watch_mutex_ held
  void erase_if_empty(WatchedNodes::iterator node);      // watch_mutex_ held
  void prune_sent();                                     // watch_mutex_ held
  void deliver(std::vector<Ending>& endings) noexcept;
  void send_check(const std::string& node, const std::string& name) noexcept;
  void check_answered(const std::string& node, const std::string& name, Message& answer) noexcept;
  void check_failed(const std::string& node, const std::string& name,
                    const std::exception_ptr& error) noexcept;
  void handle_watch_frame(natsMsg* message);
  void watch_tick() noexcept;
  void close_watches() noexcept;

  NodeOptions options_;
  // Holds closed_ steady while a publish is under way, so close() never races a publish.
  mutable std::shared_mutex connection_mutex_;
  natsConnection* connection_ = nullptr;  // guarded by connection_mutex_ after start()
  bool closed_ = false;                   // guarded by connection_mutex_
  struct ConnectionEvents;
  ConnectionEvents* events_ = nullptr;  // freed once NATS reports the connection closed
  std::unique_ptr<EventLoop> loop_;     // polls the connection's socket

  std::string inbox_;
  natsSubscription* reply_subscription_ = nullptr;
  std::unique_ptr<Completion> reply_completion_ = std::make_unique<Completion>();
  natsSubscription* discover_subscription_ = nullptr;
  std::unique_ptr<Completion> discover_completion_ = std::make_unique<Completion>();

  // This node's incarnation: random, new with each node, so a watcher tells a restarted node of
  // the same name from the one it watched.
  std::string incarnation_;
  std::string heartbeat_subject_;  // see watch_protocol.hpp

  std::mutex watch_mutex_;
  WatchedNodes watched_;          // guarded by watch_mutex_
  std::vector<Retired> retired_;  // guarded by watch_mutex_
  // Notices told (or being told) to watchers and maybe still in their mailboxes, so that unwatch
  // can still revoke them: (node, name, watcher) -> the notice's flag while it exists.
  std::map<std::tuple<std::string, std::string, const pykka::detail::ActorCell*>,
           std::weak_ptr<std::atomic<bool>>>
      sent_;                            // guarded by watch_mutex_
  std::size_t sent_prune_at_ = 64;      // guarded by watch_mutex_; sent_'s size that prunes it
  bool watches_closed_ = false;         // guarded by watch_mutex_
  std::uint64_t disconnects_seen_ = 0;  // reaper thread only
  bool was_disconnected_ = false;       // reaper thread only

  std::mutex served_mutex_;
  std::map<std::string, std::unique_ptr<Served>, std::less<>> served_;  // guarded by served_mutex_

  std::mutex pending_mutex_;
  std::condition_variable pending_cv_;
  std::unordered_map<std::uint64_t, Pending> pending_;  // guarded by pending_mutex_
  std::uint64_t next_id_ = 0;                           // guarded by pending_mutex_
  bool stopping_ = false;                               // guarded by pending_mutex_
  // When the reaper will next look at the deadlines; min() while it is scanning (so no request
  // needs to wake it).
  std::chrono::steady_clock::time_point reaper_wakes_at_ =
      std::chrono::steady_clock::time_point::min();  // guarded by pending_mutex_
  std::chrono::steady_clock::time_point next_tick_;  // guarded by pending_mutex_
  std::thread reaper_;
};

}  // namespace pykka::remote::detail
