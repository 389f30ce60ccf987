#include "pykka/remote/remote_ref.hpp"

#include <ostream>
#include <sstream>

#include "pykka/remote/remote_watch.hpp"
#include "remote/node_core.hpp"

namespace pykka::remote {

RemoteRef::RemoteRef(std::shared_ptr<detail::NodeCore> node, std::string node_name,
                     std::string name)
    : node_(std::move(node)),
      node_name_(std::move(node_name)),
      name_(std::move(name)),
      subject_("pykka." + node_name_ + "." + name_) {}

detail::NodeCore& RemoteRef::checked() const {
  if (!node_) throw Error("empty RemoteRef: it does not point to any actor");
  return *node_;
}

std::size_t RemoteRef::max_frame_size() const { return checked().options().max_frame_size; }

std::chrono::nanoseconds RemoteRef::default_timeout() const {
  return checked().options().ask_timeout;
}

void RemoteRef::publish_tell(std::string frame) const { checked().publish(subject_, frame); }

void RemoteRef::publish_ask(std::string frame, std::shared_ptr<pykka::detail::ReplyTarget> target,
                            std::chrono::nanoseconds timeout) const {
  std::ostringstream display;
  display << *this;
  checked().request(subject_, display.str(), frame, std::move(target), timeout);
}

bool RemoteRef::stop_for(std::chrono::nanoseconds timeout) const {
  try {
    return std::move(ask_future<bool>(encode_frame(FrameKind::stop, Message{}), timeout)).get();
  } catch (const ActorDeadError&) {
    return false;
  }
}

bool RemoteRef::is_alive(std::chrono::nanoseconds timeout) const {
  if (!node_) return false;
  try {
    return std::move(ask_future<bool>(encode_frame(FrameKind::is_alive, Message{}), timeout)).get();
  } catch (const Error&) {
    return false;
  }
}

std::ostream& operator<<(std::ostream& out, const RemoteRef& ref) {
  if (!ref) return out << "RemoteRef(empty)";
  return out << "RemoteRef(" << ref.name() << " @ " << ref.node_name() << ")";
}

const char* to_string(RemoteTerminationReason reason) noexcept {
  switch (reason) {
    case RemoteTerminationReason::stopped:
      return "stopped";
    case RemoteTerminationReason::failed:
      return "failed";
    case RemoteTerminationReason::failed_in_on_start:
      return "failed_in_on_start";
    case RemoteTerminationReason::not_served:
      return "not_served";
    case RemoteTerminationReason::node_lost:
      return "node_lost";
  }
  return "unknown";
}

std::ostream& operator<<(std::ostream& out, const RemoteTerminated& notice) {
  out << "RemoteTerminated(" << notice.actor << ", " << to_string(notice.reason);
  if (!notice.error_type.empty()) out << ": " << notice.error_type;
  if (!notice.error_text.empty()) out << ": " << notice.error_text;
  return out << ")";
}

Future<RemoteTerminated> RemoteRef::termination() const {
  return checked().termination(node_name_, name_);
}

}  // namespace pykka::remote
