// Death watch across nodes, the watching side (the protocol: watch_protocol.hpp; the serving
// side: serving.cpp; what watched nodes say and what their silence means: watch_frames.cpp).
//
// One subscription per watched node, "pykka.<node>.watch.>", made before the
// check is sent over the same connection, so a notice published after the serving node answered
// "alive" cannot pass the subscription by. Each watched address ends once: with its notice, with
// the check's answer (already dead, or "no responders": not served), with node_lost when its node
// says it is leaving, restarted under another incarnation or stayed silent for heartbeat_timeout.

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "diagnostics/log.hpp"
#include "pykka/detail/revocable_message.hpp"
#include "pykka/errors.hpp"
#include "remote/node_core.hpp"
#include "remote/watch_protocol.hpp"

namespace pykka::remote::detail {

using pykka::detail::log_event;

// The outcome of one watch check, handed back to the core (if it still exists) once.
class NodeCore::WatchCheck final : public pykka::detail::ReplyTarget {
 public:
  WatchCheck(std::weak_ptr<NodeCore> core, std::string node, std::string name)
      : core_(std::move(core)), node_(std::move(node)), name_(std::move(name)) {}
  virtual ~WatchCheck() = default;
  WatchCheck(const WatchCheck&) = delete;
  WatchCheck& operator=(const WatchCheck&) = delete;

  void set_reply(Message&& reply) noexcept override {
    if (auto core = take()) core->check_answered(node_, name_, reply);
  }
  void set_reply_exception(std::exception_ptr error) noexcept override {
    if (auto core = take()) core->check_failed(node_, name_, error);
  }

 private:
  std::shared_ptr<NodeCore> take() noexcept {
    if (answered_.exchange(true, std::memory_order_acq_rel)) return nullptr;
    return core_.lock();
  }

  std::weak_ptr<NodeCore> core_;
  std::string node_;
  std::string name_;
  std::atomic<bool> answered_{false};
};

// --- Watching side ------------------------------------------------------------------------

Future<RemoteTerminated> NodeCore::termination(const std::string& node, const std::string& name) {
  return Future<RemoteTerminated>(add_watch(node, name, nullptr));
}

void NodeCore::watch(const std::string& node, const std::string& name, const AnyActorRef& watcher) {
  (void)add_watch(node, name, &watcher);
}

std::shared_ptr<pykka::detail::FutureState<RemoteTerminated>> NodeCore::add_watch(
    const std::string& node, const std::string& name, const AnyActorRef* watcher) {
  std::shared_ptr<pykka::detail::FutureState<RemoteTerminated>> future;
  bool check = false;
  {
    std::lock_guard lock(watch_mutex_);
    if (watches_closed_) throw Error("node " + options_.name + " is closed");
    WatchedNode& entry = watched_node(node);
    auto [found, fresh] = entry.actors.try_emplace(name);
    WatchedActor& actor = found->second;
    if (fresh) {
      actor.check_in_flight = true;
      check = true;
    }
    if (watcher != nullptr) {
      std::erase_if(actor.watchers, [](const ActorWatcher& known) { return known.cell.expired(); });
      const bool known = std::any_of(
          actor.watchers.begin(), actor.watchers.end(),
          [&](const ActorWatcher& existing) { return existing.cell.lock() == watcher->cell(); });
      if (!known) {
        actor.watchers.push_back(
            ActorWatcher{watcher->cell(), std::make_shared<std::atomic<bool>>(false)});
      }
    } else {
      if (!actor.termination) {
        actor.termination = std::make_shared<pykka::detail::FutureState<RemoteTerminated>>();
      }
      future = actor.termination;
    }
  }
  // After the subscription, on the same connection: the server sees them in this order.
  if (check) send_check(node, name);
  return future;
}

bool NodeCore::unwatch(const std::string& node, const std::string& name,
                       const AnyActorRef& watcher) {
  std::lock_guard lock(watch_mutex_);
  prune_sent();
  // Told already: revoke the notice if it still waits in the watcher's mailbox.
  auto sent = sent_.find(std::make_tuple(node, name, watcher.cell().get()));
  if (sent != sent_.end()) {
    auto revoked = sent->second.lock();
    sent_.erase(sent);
    if (revoked) {
      revoked->store(true, std::memory_order_release);
      return true;
    }
  }
  WatchedNodes::iterator found_node;
  WatchedActor* actor = find_watched(node, name, found_node);
  if (actor == nullptr) return false;
  std::vector<ActorWatcher>& watchers = actor->watchers;
  auto it = std::find_if(watchers.begin(), watchers.end(), [&](const ActorWatcher& existing) {
    return existing.cell.lock() == watcher.cell();
  });
  if (it == watchers.end()) return false;
  it->revoked->store(true, std::memory_order_release);
  watchers.erase(it);
  erase_if_empty(found_node);
  return true;
}

NodeCore::WatchedNode& NodeCore::watched_node(const std::string& node) {
  auto found = watched_.find(node);
  if (found != watched_.end()) return found->second;
  WatchedNode entry;
  entry.last_heard = std::chrono::steady_clock::now();
  const std::string subject = "pykka." + node + ".watch.>";
  {
    std::shared_lock lock(connection_mutex_);
    if (closed_) throw Error("node " + options_.name + " is closed");
    check(natsConnection_Subscribe(&entry.subscription, connection_, subject.c_str(),
                                   &on_watch_frame, this),
          "cannot subscribe to the watched node's notices");
  }
  const natsStatus status = natsSubscription_SetOnCompleteCB(
      entry.subscription, &on_subscription_complete, entry.completion.get());
  if (status != NATS_OK) {
    natsSubscription_Unsubscribe(entry.subscription);
    natsSubscription_Destroy(entry.subscription);
    throw Error(nats_error("cannot follow the watched node's subscription", status));
  }
  return watched_.emplace(node, std::move(entry)).first->second;
}

void NodeCore::retire(WatchedNode& node) {
  // Its callback may be running (even this very call may come from it): destroy it later,
  // once NATS says it is done.
  natsSubscription_Unsubscribe(node.subscription);
  retired_.push_back(Retired{node.subscription, std::move(node.completion)});
  node.subscription = nullptr;
  std::erase_if(retired_, [](Retired& retired) {
    if (!retired.completion->finished()) return false;
    natsSubscription_Destroy(retired.subscription);
    return true;
  });
}

NodeCore::WatchedActor* NodeCore::find_watched(const std::string& node, const std::string& name,
                                               WatchedNodes::iterator& found_node) {
  if (watches_closed_) return nullptr;
  found_node = watched_.find(node);
  if (found_node == watched_.end()) return nullptr;
  auto found = found_node->second.actors.find(name);
  return found == found_node->second.actors.end() ? nullptr : &found->second;
}

void NodeCore::prune_sent() {
  // Amortised: the notices handled since the last pass are forgotten once the map has doubled.
  if (sent_.size() < sent_prune_at_) return;
  std::erase_if(sent_, [](const auto& item) { return item.second.expired(); });
  sent_prune_at_ = std::max<std::size_t>(64, 2 * sent_.size());
}

void NodeCore::erase_if_empty(WatchedNodes::iterator node) {
  auto& actors = node->second.actors;
  std::erase_if(actors, [](const auto& item) {
    const WatchedActor& actor = item.second;
    // Nobody is told, and nobody but this table holds the future: nothing is waiting.
    return actor.watchers.empty() && (!actor.termination || actor.termination.use_count() == 1);
  });
  if (actors.empty()) {
    retire(node->second);
    watched_.erase(node);
  }
}

void NodeCore::end_watch(WatchedNodes::iterator node, const std::string& name,
                         RemoteTerminationReason reason, std::string error_type,
                         std::string error_text, std::vector<Ending>& endings) {
  auto found = node->second.actors.find(name);
  if (found == node->second.actors.end()) return;
  // From here unwatch finds the watchers' notices in sent_, before and after they are told.
  prune_sent();
  for (const ActorWatcher& watcher : found->second.watchers) {
    if (auto cell = watcher.cell.lock()) {
      sent_.insert_or_assign(std::make_tuple(node->first, name, cell.get()), watcher.revoked);
    }
  }
  endings.push_back(Ending{node->first, name, reason, std::move(error_type), std::move(error_text),
                           std::move(found->second)});
  node->second.actors.erase(found);
}

void NodeCore::end_where(WatchedNodes::iterator node, const std::string& incarnation,
                         bool and_unconfirmed, const std::string& text,
                         std::vector<Ending>& endings) {
  std::vector<std::string> names;
  for (const auto& [name, actor] : node->second.actors) {
    const bool of_it =
        actor.incarnation.empty() ? and_unconfirmed : actor.incarnation == incarnation;
    if (of_it) names.push_back(name);
  }
  for (const std::string& name : names) {
    end_watch(node, name, RemoteTerminationReason::node_lost, "", text, endings);
  }
}

void NodeCore::adopt_incarnation(WatchedNodes::iterator node, const std::string& incarnation,
                                 std::vector<Ending>& endings) {
  WatchedNode& entry = node->second;
  if (entry.incarnation == incarnation) return;
  if (!entry.incarnation.empty()) {
    // A node of that name started again: what the old one served is gone with it.
    std::vector<std::string> names;
    for (const auto& [name, actor] : entry.actors) {
      if (!actor.incarnation.empty() && actor.incarnation != incarnation) names.push_back(name);
    }
    for (const std::string& name : names) {
      end_watch(node, name, RemoteTerminationReason::node_lost, "",
                "node " + node->first + " restarted", endings);
    }
  }
  entry.incarnation = incarnation;
}

void NodeCore::deliver(std::vector<Ending>& endings) noexcept {
  for (Ending& ending : endings) {
    try {
      const RemoteTerminated notice{RemoteRef(shared_from_this(), ending.node, ending.name),
                                    ending.reason, std::move(ending.error_type),
                                    std::move(ending.error_text)};
      // Watchers first, as for local watches: once the future completes, every notice is queued.
      for (const ActorWatcher& watcher : ending.actor.watchers) {
        auto cell = watcher.cell.lock();
        if (!cell || watcher.revoked->load(std::memory_order_acquire)) continue;
        try {
          AnyActorRef(std::move(cell))
              .tell(pykka::detail::RevocableMessage{watcher.revoked, Message(notice)});
        } catch (...) {
          // The watcher died meanwhile: nobody is left to tell.
        }
      }
      if (ending.actor.termination) (void)ending.actor.termination->try_set_value(notice);
    } catch (const std::exception& error) {
      log_event(LogLevel::warning, [&] {
        return "Node " + options_.name + " could not deliver the end of " + ending.name + " @ " +
               ending.node + ": " + error.what();
      });
    }
  }
  endings.clear();
}

void NodeCore::send_check(const std::string& node, const std::string& name) noexcept {
  try {
    auto check = std::make_shared<WatchCheck>(weak_from_this(), node, name);
    const std::string frame = encode_frame(FrameKind::watch, Message{}, options_.max_frame_size);
    request("pykka." + node + "." + name, "RemoteRef(" + name + " @ " + node + ")", frame,
            std::move(check), options_.ask_timeout);
  } catch (...) {
    // No memory for the check: the next tick sends it again.
    std::lock_guard lock(watch_mutex_);
    WatchedNodes::iterator found_node;
    if (WatchedActor* actor = find_watched(node, name, found_node)) actor->check_in_flight = false;
  }
}

void NodeCore::check_answered(const std::string& node, const std::string& name,
                              Message& answer) noexcept {
  std::vector<Ending> endings;
  try {
    const std::vector<std::string>& status = checked_notice(answer);
    std::lock_guard lock(watch_mutex_);
    WatchedNodes::iterator found_node;
    WatchedActor* watched = find_watched(node, name, found_node);
    if (watched == nullptr) return;
    WatchedActor& actor = *watched;
    actor.check_in_flight = false;
    const std::string& incarnation = status[0];
    RemoteTerminationReason reason = RemoteTerminationReason::stopped;
    if (status[1] == kAlive) {
      if (incarnation == found_node->second.left) {
        end_watch(found_node, name, RemoteTerminationReason::node_lost, "",
                  "node " + node + " left", endings);
      } else if (!actor.incarnation.empty() && actor.incarnation != incarnation) {
        end_watch(found_node, name, RemoteTerminationReason::node_lost, "",
                  "node " + node + " restarted", endings);
      } else {
        actor.incarnation = incarnation;
        actor.confirmed = true;
        found_node->second.last_heard = std::chrono::steady_clock::now();  // a sign of life
        found_node->second.heard = true;
        adopt_incarnation(found_node, incarnation, endings);
      }
    } else if (parse_reason(status[1], reason)) {
      end_watch(found_node, name, reason, status[2], status[3], endings);
    } else {
      throw WireError("unknown state \"" + status[1] + "\" in a watch check's answer");
    }
    erase_if_empty(found_node);
  } catch (const std::exception& error) {
    log_event(LogLevel::warning, [&] {
      return "Node " + options_.name + " dropped a malformed watch answer from " + name + " @ " +
             node + ": " + error.what();
    });
    check_failed(node, name, std::current_exception());
    return;
  }
  deliver(endings);
}

void NodeCore::check_failed(const std::string& node, const std::string& name,
                            const std::exception_ptr& error) noexcept {
  std::vector<Ending> endings;
  try {
    std::string text;
    bool retry = false;
    try {
      std::rethrow_exception(error);
    } catch (const Timeout&) {
      retry = true;  // no answer in time: the next tick asks again
    } catch (const std::exception& caught) {
      text = caught.what();
    } catch (...) {
      text = "unknown failure";
    }
    std::lock_guard lock(watch_mutex_);
    WatchedNodes::iterator found_node;
    WatchedActor* actor = find_watched(node, name, found_node);
    if (actor == nullptr) return;
    // A re-check that finds nobody while its node has not been heard since this node came back:
    // that node may still be reconnecting. Ask again; its silence is the timeout's to judge.
    if (retry || (!actor->incarnation.empty() && !found_node->second.heard)) {
      actor->check_in_flight = false;
      return;
    }
    if (!found_node->second.left.empty()) {
      // Its node said goodbye before the check reached it.
      end_watch(found_node, name, RemoteTerminationReason::node_lost, "", "node " + node + " left",
                endings);
    } else {
      // "No responders" (ActorDeadError), or a node that cannot take part: out of reach.
      end_watch(found_node, name, RemoteTerminationReason::not_served, "", text, endings);
    }
    erase_if_empty(found_node);
  } catch (...) {
    return;
  }
  deliver(endings);
}

}  // namespace pykka::remote::detail
