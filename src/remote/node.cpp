#include "pykka/remote/node.hpp"

#include <algorithm>
#include <cctype>

#include "remote/node_core.hpp"

namespace pykka::remote {

namespace {

// Names become NATS subject tokens: no dots, wildcards or white space.
bool valid_name(std::string_view name, bool allow_colon) {
  return !name.empty() && name.size() <= 200 && std::all_of(name.begin(), name.end(), [&](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' ||
           (allow_colon && c == ':');
  });
}

}  // namespace

Node::Node(ActorSystem& system, NodeOptions options) : system_(system) {
  if (!valid_name(options.name, false)) {
    throw InvalidArgument("bad node name \"" + options.name +
                          "\": use letters, digits, '-' and '_'");
  }
  if (options.urls.empty()) throw InvalidArgument("node " + options.name + ": no NATS URL given");
  if (options.max_frame_size == 0) throw InvalidArgument("max_frame_size must be positive");
  if (options.heartbeat_interval <= std::chrono::milliseconds::zero()) {
    throw InvalidArgument("heartbeat_interval must be positive");
  }
  if (options.heartbeat_timeout <= options.heartbeat_interval) {
    throw InvalidArgument("heartbeat_timeout must be longer than heartbeat_interval");
  }
  core_ = std::make_shared<detail::NodeCore>(std::move(options));
  core_->start();
}

Node::~Node() { core_->close(); }

std::string Node::expose(const AnyActorRef& actor, std::string name) {
  if (!actor) throw InvalidArgument("cannot expose an empty ActorRef");
  if (!valid_name(name, true)) {
    throw InvalidArgument("bad exposed name \"" + name +
                          "\": use letters, digits, '-', '_' and ':'");
  }
  core_->expose(actor, name);
  return name;
}

std::string Node::expose(const AnyActorRef& actor) {
  if (!actor) throw InvalidArgument("cannot expose an empty ActorRef");
  return expose(actor, actor.actor_urn());
}

bool Node::unexpose(std::string_view name) { return core_->unexpose(std::string(name)); }

RemoteRef Node::lookup(std::string_view name, std::string_view node_name) const {
  const std::string node(node_name.empty() ? std::string_view(core_->options().name) : node_name);
  if (!valid_name(node, false)) throw InvalidArgument("bad node name \"" + node + "\"");
  if (!valid_name(name, true))
    throw InvalidArgument("bad exposed name \"" + std::string(name) + "\"");
  return RemoteRef(core_, node, std::string(name));
}

void Node::watch(const RemoteRef& remote, const AnyActorRef& watcher) {
  if (!remote) throw Error("cannot watch an empty RemoteRef: it does not point to any actor");
  if (!watcher) throw Error("cannot watch for an empty ActorRef: nobody would be told");
  core_->watch(remote.node_name(), remote.name(), watcher);
}

bool Node::unwatch(const RemoteRef& remote, const AnyActorRef& watcher) {
  if (!remote || !watcher) return false;
  return core_->unwatch(remote.node_name(), remote.name(), watcher);
}

std::vector<DiscoveredActor> Node::discover(std::chrono::milliseconds deadline) const {
  std::vector<DiscoveredActor> found = core_->discover(deadline);
  // Answers come from the network: keep only addresses a ref can be made of.
  std::erase_if(found, [](const DiscoveredActor& actor) {
    return !valid_name(actor.node, false) || !valid_name(actor.name, true);
  });
  return found;
}

std::vector<RemoteRef> Node::get_all(std::chrono::milliseconds deadline) const {
  std::vector<RemoteRef> refs;
  for (DiscoveredActor& actor : discover(deadline)) {
    refs.emplace_back(core_, std::move(actor.node), std::move(actor.name));
  }
  return refs;
}

std::vector<RemoteRef> Node::get_by_class_name(std::string_view class_name,
                                               std::chrono::milliseconds deadline) const {
  std::vector<RemoteRef> refs;
  for (DiscoveredActor& actor : discover(deadline)) {
    if (actor.class_name == class_name) {
      refs.emplace_back(core_, std::move(actor.node), std::move(actor.name));
    }
  }
  return refs;
}

const std::string& Node::name() const noexcept { return core_->options().name; }

bool Node::is_connected() const noexcept { return core_->is_connected(); }

}  // namespace pykka::remote
