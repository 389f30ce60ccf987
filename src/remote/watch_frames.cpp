// Death watch across nodes: what the watched nodes say (notices, heartbeats, goodbyes), what
// their silence means (the tick on the reaper thread), and the end of every watch when the
// watching node closes.

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "diagnostics/log.hpp"
#include "pykka/errors.hpp"
#include "remote/node_core.hpp"
#include "remote/watch_protocol.hpp"

namespace pykka::remote::detail {

using pykka::detail::log_event;

namespace {

std::string millis_text(std::chrono::milliseconds duration) {
  return std::to_string(duration.count()) + " ms";
}

}  // namespace

void NodeCore::on_watch_frame(natsConnection* /*unused*/, natsSubscription* /*unused*/,
                              natsMsg* message, void* closure) {
  static_cast<NodeCore*>(closure)->handle_watch_frame(message);
  natsMsg_Destroy(message);
}

void NodeCore::handle_watch_frame(natsMsg* message) {
  const std::string_view subject = natsMsg_GetSubject(message);
  std::vector<Ending> endings;
  try {
    // "pykka.<node>.watch.node" or "pykka.<node>.watch.actor.<name>"
    constexpr std::string_view kPrefix = "pykka.";
    constexpr std::string_view kMiddle = ".watch.";
    const std::size_t node_end = subject.find('.', kPrefix.size());
    if (!subject.starts_with(kPrefix) || node_end == std::string_view::npos ||
        subject.substr(node_end, kMiddle.size()) != kMiddle) {
      throw WireError("not a death-watch subject");
    }
    const std::string node(subject.substr(kPrefix.size(), node_end - kPrefix.size()));
    const std::string_view rest = subject.substr(node_end + kMiddle.size());
    const int length = natsMsg_GetDataLength(message);
    Frame frame =
        decode_frame(natsMsg_GetData(message), static_cast<std::size_t>(std::max(length, 0)),
                     options_.max_frame_size);
    const bool about_node = rest == "node";
    constexpr std::string_view kActor = "actor.";
    const bool about_actor = rest.starts_with(kActor) && rest.size() > kActor.size();
    std::lock_guard lock(watch_mutex_);
    if (watches_closed_) return;
    auto found_node = watched_.find(node);
    if (frame.kind == FrameKind::heartbeat && about_node) {
      const std::string& incarnation = checked_incarnation(frame.payload);
      if (found_node == watched_.end()) return;
      found_node->second.last_heard = std::chrono::steady_clock::now();
      found_node->second.heard = true;
      adopt_incarnation(found_node, incarnation, endings);
    } else if (frame.kind == FrameKind::leaving && about_node) {
      const std::string& incarnation = checked_incarnation(frame.payload);
      if (found_node == watched_.end()) return;
      found_node->second.left = incarnation;
      end_where(found_node, incarnation, /*and_unconfirmed=*/true, "node " + node + " left",
                endings);
    } else if (frame.kind == FrameKind::terminated && about_actor) {
      const std::vector<std::string>& notice = checked_notice(frame.payload);
      RemoteTerminationReason reason = RemoteTerminationReason::stopped;
      if (!parse_reason(notice[1], reason)) {
        throw WireError("unknown reason \"" + notice[1] + "\" in a death notice");
      }
      if (found_node == watched_.end()) return;
      const std::string name(rest.substr(kActor.size()));
      auto found = found_node->second.actors.find(name);
      if (found == found_node->second.actors.end()) return;
      if (!found->second.incarnation.empty() && found->second.incarnation != notice[0]) {
        // The notice of a namesake on a newer incarnation: the watched one is gone with the old.
        end_watch(found_node, name, RemoteTerminationReason::node_lost, "",
                  "node " + node + " restarted", endings);
      } else {
        end_watch(found_node, name, reason, notice[2], notice[3], endings);
      }
    } else {
      throw WireError(
          "a death-watch frame is a heartbeat or leaving for the node, or a notice "
          "for an actor");
    }
    if (found_node->second.actors.empty()) {
      retire(found_node->second);
      watched_.erase(found_node);
    }
  } catch (const std::exception& error) {
    log_event(LogLevel::warning, [&] {
      return "Node " + options_.name + " dropped a malformed death-watch frame on " +
             std::string(subject) + ": " + error.what();
    });
  }
  deliver(endings);
}

void NodeCore::watch_tick() noexcept {
  const bool connected = is_connected();
  if (connected) {
    try {
      publish_reply(heartbeat_subject_, encode_value(FrameKind::heartbeat, incarnation_));
    } catch (...) {
      // No memory for one heartbeat: the next one goes out a tick later.
    }
  }
  std::vector<Ending> endings;
  std::vector<std::pair<std::string, std::string>> checks;
  try {
    const std::uint64_t disconnect_count = disconnects();
    std::lock_guard lock(watch_mutex_);
    if (watches_closed_) return;
    const auto now = std::chrono::steady_clock::now();
    if (!connected) {
      // Deaf for now: silence means nothing.
      was_disconnected_ = true;
      return;
    }
    if (was_disconnected_ || disconnect_count != disconnects_seen_) {
      // Back after a disconnection, however short: notices sent meanwhile reached nobody, and
      // the silence was this node's. Start every timeout afresh and check every watch again.
      was_disconnected_ = false;
      disconnects_seen_ = disconnect_count;
      for (auto& [name, node] : watched_) {
        node.last_heard = now;
        node.heard = false;
        for (auto& [actor_name, actor] : node.actors) actor.confirmed = false;
      }
    }
    for (auto node = watched_.begin(); node != watched_.end();) {
      if (now - node->second.last_heard > options_.heartbeat_timeout) {
        const std::string text = "no heartbeat from node " + node->first + " within " +
                                 millis_text(options_.heartbeat_timeout);
        std::vector<std::string> names;
        for (const auto& [name, actor] : node->second.actors) names.push_back(name);
        for (const std::string& name : names) {
          end_watch(node, name, RemoteTerminationReason::node_lost, "", text, endings);
        }
        retire(node->second);
        node = watched_.erase(node);
        continue;
      }
      for (auto& [name, actor] : node->second.actors) {
        if (!actor.confirmed && !actor.check_in_flight) {
          actor.check_in_flight = true;
          checks.emplace_back(node->first, name);
        }
      }
      auto current = node++;
      erase_if_empty(current);  // futures nobody holds any more
    }
  } catch (...) {
    // Out of memory while collecting: the next tick tries again.
  }
  deliver(endings);
  for (const auto& [node, name] : checks) send_check(node, name);
}

void NodeCore::close_watches() noexcept {
  WatchedNodes watched;
  std::vector<Retired> retired;
  {
    std::lock_guard lock(watch_mutex_);
    watches_closed_ = true;
    watched.swap(watched_);
    retired.swap(retired_);
  }
  for (auto& [name, node] : watched) {
    natsSubscription_Unsubscribe(node.subscription);
    retired.push_back(Retired{node.subscription, std::move(node.completion)});
  }
  for (Retired& entry : retired) {
    if (entry.completion->wait(options_.close_timeout)) {
      natsSubscription_Destroy(entry.subscription);
    } else {
      log_event(LogLevel::warning, [&] {
        return "Node " + options_.name + ": a death-watch callback did not finish; leaving it";
      });
      (void)entry.completion.release();
    }
  }
  for (auto& [node_name, node] : watched) {
    for (auto& [name, actor] : node.actors) {
      if (!actor.termination) continue;
      actor.termination->set_reply_exception(std::make_exception_ptr(
          Error("node " + options_.name + " closed while watching RemoteRef(" + name + " @ " +
                node_name + ")")));
    }
  }
}

}  // namespace pykka::remote::detail
