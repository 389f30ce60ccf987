#include "pykka/remote/remote_ref.hpp"

#include <ostream>
#include <sstream>

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

}  // namespace pykka::remote
