// Serving: the frames that reach an exposed actor, decoded and handed to it in arrival order.

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "diagnostics/log.hpp"
#include "pykka/errors.hpp"
#include "remote/node_core.hpp"

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
    if (frame.kind == FrameKind::reply || frame.kind == FrameKind::error) {
      throw WireError("a request frame is a tell, ask, stop or is_alive");
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

}  // namespace pykka::remote::detail
