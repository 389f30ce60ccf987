// Discovery: what every node exposes, gathered by one request to all of them.

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "diagnostics/log.hpp"
#include "pykka/errors.hpp"
#include "remote/node_core.hpp"

namespace pykka::remote::detail {

using pykka::detail::log_event;

void NodeCore::on_discover(natsConnection* /*unused*/, natsSubscription* /*unused*/,
                           natsMsg* message, void* closure) {
  auto* core = static_cast<NodeCore*>(closure);
  const char* reply = natsMsg_GetReply(message);
  if (reply != nullptr) {
    try {
      // [node, name, class name, name, class name, ...]
      std::vector<std::string> answer{core->options_.name};
      {
        std::lock_guard lock(core->served_mutex_);
        for (const auto& [name, served] : core->served_) {
          answer.push_back(name);
          answer.push_back(served->actor.actor_class_name());
        }
      }
      core->publish_reply(reply, encode_value(FrameKind::reply, answer));
    } catch (const std::exception& error) {
      log_event(LogLevel::warning, [&] {
        return "Node " + core->options_.name + " could not answer discovery: " + error.what();
      });
    }
  }
  natsMsg_Destroy(message);
}

std::vector<DiscoveredActor> NodeCore::discover(std::chrono::nanoseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char* inbox = nullptr;
  check(natsInbox_Create(&inbox), "cannot create a NATS inbox");
  const std::string subject = inbox;
  natsInbox_Destroy(inbox);
  natsSubscription* subscription = nullptr;
  {
    std::shared_lock lock(connection_mutex_);
    if (closed_) throw Error("node " + options_.name + " is closed");
    check(natsConnection_SubscribeSync(&subscription, connection_, subject.c_str()),
          "cannot subscribe for discovery answers");
    const natsStatus status =
        natsConnection_PublishRequest(connection_, kDiscoverSubject, subject.c_str(), nullptr, 0);
    if (status != NATS_OK) {
      natsSubscription_Destroy(subscription);
      throw Error(nats_error("NATS refused the discovery request", status));
    }
  }
  std::unique_ptr<natsSubscription, void (*)(natsSubscription*)> guard(subscription,
                                                                       &natsSubscription_Destroy);
  std::vector<DiscoveredActor> found;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    natsMsg* message = nullptr;
    if (natsSubscription_NextMsg(&message, subscription, left.count()) != NATS_OK) break;
    std::unique_ptr<natsMsg, void (*)(natsMsg*)> owned(message, &natsMsg_Destroy);
    if (natsMsg_IsNoResponders(message)) break;  // no node at all: nothing more will come
    try {
      Frame frame =
          decode_frame(natsMsg_GetData(message),
                       static_cast<std::size_t>(std::max(natsMsg_GetDataLength(message), 0)),
                       options_.max_frame_size);
      const auto* answer = frame.payload.get_if<std::vector<std::string>>();
      if (answer == nullptr || answer->empty() || answer->size() % 2 != 1) {
        throw WireError("a discovery answer is [node, name, class name, ...]");
      }
      for (std::size_t i = 1; i + 1 < answer->size(); i += 2) {
        found.push_back(DiscoveredActor{(*answer)[0], (*answer)[i], (*answer)[i + 1]});
      }
    } catch (const std::exception& error) {
      log_event(LogLevel::warning, [&] {
        return "Node " + options_.name + " dropped a malformed discovery answer: " + error.what();
      });
    }
  }
  return found;
}

}  // namespace pykka::remote::detail
