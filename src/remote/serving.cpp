// Serving: the frames that reach an exposed actor, decoded and handed to it in arrival order
// (or, for a death-watch check, answered by the node itself).

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "diagnostics/log.hpp"
#include "pykka/errors.hpp"
#include "remote/node_core.hpp"
#include "remote/watch_protocol.hpp"

namespace pykka::remote::detail {

using pykka::detail::log_event;

void NodeCore::on_request(natsConnection* /*unused*/, natsSubscription* /*unused*/,
                          natsMsg* message, void* closure) {
  auto* served = static_cast<Served*>(closure);
  served->core->serve(*served, message);
  natsMsg_Destroy(message);
}

void NodeCore::serve(Served& served, natsMsg* message) {
  const char* reply_subject = natsMsg_GetReply(message);
  const std::string reply = reply_subject != nullptr ? reply_subject : "";
  Frame frame;
  try {
    const int length = natsMsg_GetDataLength(message);
    frame = decode_frame(natsMsg_GetData(message), static_cast<std::size_t>(std::max(length, 0)),
                         options_.max_frame_size);
    if (frame.kind != FrameKind::tell && frame.kind != FrameKind::ask &&
        frame.kind != FrameKind::stop && frame.kind != FrameKind::is_alive &&
        frame.kind != FrameKind::watch) {
      throw WireError("a request frame is a tell, ask, stop, is_alive or watch");
    }
  } catch (const std::exception& error) {
    log_event(LogLevel::warning, [&] {
      return "Node " + options_.name + " dropped a malformed frame for " + served.name + ": " +
             error.what();
    });
    // Tell the asker why, so that it fails at once instead of timing out.
    if (!reply.empty()) publish_reply(reply, encode_error(std::current_exception()));
    return;
  }
  std::weak_ptr<NodeCore> weak = weak_from_this();
  auto answer = [weak, reply](const auto& future) {
    std::string encoded;
    try {
      encoded = encode_value(FrameKind::reply, future.get());
    } catch (...) {
      encoded = encode_error(std::current_exception());
    }
    if (auto core = weak.lock()) core->publish_reply(reply, encoded);
  };
  try {
    switch (frame.kind) {
      case FrameKind::tell:
        served.actor.tell(std::move(frame.payload));
        break;
      case FrameKind::ask:
        if (reply.empty()) throw WireError("an ask frame without a reply subject");
        served.actor.ask<Message>(std::move(frame.payload), nonblocking).on_done(answer);
        break;
      case FrameKind::stop:
        if (reply.empty()) {
          (void)served.actor.stop(nonblocking);
        } else {
          served.actor.stop(nonblocking).on_done(answer);
        }
        break;
      case FrameKind::is_alive:
        if (!reply.empty()) {
          publish_reply(reply, encode_value(FrameKind::reply, served.actor.is_alive()));
        }
        break;
      case FrameKind::watch:
        if (reply.empty()) throw WireError("a watch frame without a reply subject");
        publish_reply(reply, encode_value(FrameKind::reply, watch_status(served.actor),
                                          options_.max_frame_size));
        break;
      default:
        break;
    }
  } catch (const std::exception& error) {
    log_event(LogLevel::debug, [&] {
      return "Node " + options_.name + " could not deliver to " + served.name + ": " + error.what();
    });
    if (!reply.empty()) publish_reply(reply, encode_error(std::current_exception()));
  }
}

// Death watch, serving side (see watch_protocol.hpp).

std::vector<std::string> NodeCore::watch_status(const AnyActorRef& actor) const {
  const Future<Terminated> termination = actor.termination();
  if (!termination.done()) return {incarnation_, kAlive, "", ""};
  const Terminated& notice = termination.get();
  std::vector<std::string> status{incarnation_, to_string(notice.reason), "", ""};
  if (notice.error) {
    auto [type, text] = describe_error(notice.error);
    if (text.size() > kMaxErrorText) text.resize(kMaxErrorText);
    status[2] = std::move(type);
    status[3] = std::move(text);
  }
  return status;
}

void NodeCore::announce_when_terminated(const AnyActorRef& actor, const std::string& name) {
  std::weak_ptr<NodeCore> weak = weak_from_this();
  const pykka::detail::ActorCell* cell = actor.cell().get();
  actor.termination().on_done([weak, name, cell](const Future<Terminated>& done) {
    auto core = weak.lock();
    if (!core) return;
    {
      // Only while the name still serves this very actor: a later expose under the same name
      // is another actor.
      std::lock_guard lock(core->served_mutex_);
      auto found = core->served_.find(name);
      if (found == core->served_.end() || found->second->actor.cell().get() != cell) return;
    }
    core->announce(name, core->watch_status(done.get().actor));
  });
}

void NodeCore::announce(const std::string& name, const std::vector<std::string>& notice) noexcept {
  try {
    publish_reply(watch_subject_of_actor(options_.name, name),
                  encode_value(FrameKind::terminated, notice, options_.max_frame_size));
  } catch (const std::exception& error) {
    log_event(LogLevel::warning, [&] {
      return "Node " + options_.name + " could not announce the end of " + name + ": " +
             error.what();
    });
  }
}

void NodeCore::say_leaving() noexcept {
  try {
    const std::string frame = encode_value(FrameKind::leaving, incarnation_);
    std::shared_lock lock(connection_mutex_);
    if (closed_ || connection_ == nullptr ||
        natsConnection_Status(connection_) != NATS_CONN_STATUS_CONNECTED) {
      return;
    }
    if (natsConnection_Publish(connection_, heartbeat_subject_.c_str(), frame.data(),
                               static_cast<int>(frame.size())) == NATS_OK) {
      // Bounded: a goodbye that cannot leave soon is replaced by the watchers' timeout.
      (void)natsConnection_FlushTimeout(
          connection_, std::min<std::int64_t>(options_.close_timeout.count(), 1000));
    }
  } catch (...) {
    // No memory for the frame: the watchers' timeout stands in for the goodbye.
  }
}

}  // namespace pykka::remote::detail
