#pragma once

// The death-watch protocol between nodes: its subjects and the shape of its frames. Private.
//
// Subjects of a node <node>: "pykka.<node>.watch.node" carries its heartbeats and its goodbye
// (FrameKind::heartbeat / leaving, payload: its incarnation); "pykka.<node>.watch.actor.<name>"
// the death notice of what it exposes as <name> (FrameKind::terminated). Exposed actors' own
// subjects have three tokens, so none of these can be mistaken for one, and a watcher follows
// all of a node's with one subscription, "pykka.<node>.watch.>".
//
// A notice, and the answer to a watch check (FrameKind::watch on the actor's subject), is the
// vector of strings [incarnation, state, error type, error text], the state being "alive" (in an
// answer only) or a reason: "stopped", "failed", "failed_in_on_start", "not_served".

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "pykka/message.hpp"
#include "pykka/remote/remote_watch.hpp"
#include "pykka/remote/wire.hpp"

namespace pykka::remote::detail {

inline constexpr const char* kAlive = "alive";
// An error text crosses in a notice: a huge what() must not push the frame over the limit.
inline constexpr std::size_t kMaxErrorText = 4096;
inline constexpr std::size_t kMaxIncarnation = 64;

inline std::string watch_subject_of_node(std::string_view node) {
  return "pykka." + std::string(node) + ".watch.node";
}
inline std::string watch_subject_of_actor(std::string_view node, std::string_view name) {
  return "pykka." + std::string(node) + ".watch.actor." + std::string(name);
}

// Parses a reason that a notice or an answer may carry ("alive" is none).
inline bool parse_reason(const std::string& text, RemoteTerminationReason& reason) {
  static constexpr RemoteTerminationReason kReasons[] = {
      RemoteTerminationReason::stopped, RemoteTerminationReason::failed,
      RemoteTerminationReason::failed_in_on_start, RemoteTerminationReason::not_served};
  for (RemoteTerminationReason candidate : kReasons) {
    if (text == to_string(candidate)) {
      reason = candidate;
      return true;
    }
  }
  return false;
}

// Checks the shape of [incarnation, state, error type, error text]; throws WireError.
inline const std::vector<std::string>& checked_notice(const Message& payload) {
  const auto* fields = payload.get_if<std::vector<std::string>>();
  if (fields == nullptr || fields->size() != 4 || (*fields)[0].empty() ||
      (*fields)[0].size() > kMaxIncarnation) {
    throw WireError("a death-watch notice is [incarnation, state, error type, error text]");
  }
  return *fields;
}

// Checks the payload of a heartbeat or leaving frame; throws WireError.
inline const std::string& checked_incarnation(const Message& payload) {
  const auto* text = payload.get_if<std::string>();
  if (text == nullptr || text->empty() || text->size() > kMaxIncarnation) {
    throw WireError("a heartbeat or leaving frame carries the node's incarnation");
  }
  return *text;
}

}  // namespace pykka::remote::detail
