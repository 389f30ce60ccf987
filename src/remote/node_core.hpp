#pragma once

// The state of a node shared by the Node and its RemoteRefs: the NATS connection, the exposed
// actors' subscriptions, and the asks waiting for a reply.
//
// Threads: NATS delivers each subscription's messages on one library thread; replies of exposed
// actors are published from the actors' contexts; the reaper thread fails asks whose deadline
// passed. close() (from the Node's destructor) stops all of them from touching the core again.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <nats/nats.h>

#include "pykka/actor_ref.hpp"
#include "pykka/detail/reply_target.hpp"
#include "pykka/errors.hpp"
#include "pykka/remote/node.hpp"

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

 private:
  struct Served {
    NodeCore* core = nullptr;
    AnyActorRef actor;
    std::string name;
    natsSubscription* subscription = nullptr;
    Completion completion;
  };
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

  void serve(Served& served, natsMsg* message);
  void handle_reply(natsMsg* message);
  void reap();
  void stop_serving(std::unique_ptr<Served> served) noexcept;
  std::shared_ptr<pykka::detail::ReplyTarget> take_pending(std::uint64_t id);

  NodeOptions options_;
  // Holds closed_ steady while a publish is under way, so close() never races a publish.
  mutable std::shared_mutex connection_mutex_;
  natsConnection* connection_ = nullptr;  // guarded by connection_mutex_ after start()
  bool closed_ = false;                   // guarded by connection_mutex_
  struct ConnectionEvents;
  ConnectionEvents* events_ = nullptr;  // freed once NATS reports the connection closed

  std::string inbox_;
  natsSubscription* reply_subscription_ = nullptr;
  std::unique_ptr<Completion> reply_completion_ = std::make_unique<Completion>();
  natsSubscription* discover_subscription_ = nullptr;
  std::unique_ptr<Completion> discover_completion_ = std::make_unique<Completion>();

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
  std::thread reaper_;
};

}  // namespace pykka::remote::detail
