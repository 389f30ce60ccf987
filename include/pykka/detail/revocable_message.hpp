#pragma once

// RevocableMessage: a told message that the actor hands to on_receive only if nobody revoked it
// while it waited in the mailbox. It lets a part of the library that delivers notices from outside
// the core (e.g. remote death watch) withdraw one that is already queued, as Actor::unwatch does
// for local notices. Not API.
//
// Thread-safety: the flag may be set from any thread; once a store of true is visible to the
// actor's context, the message is not handed on. Set it with release, as execute reads acquire.

#include <atomic>
#include <memory>

#include "pykka/fwd.hpp"
#include "pykka/message.hpp"

namespace pykka::detail {

struct RevocableMessage {
  static constexpr bool pykka_command = true;
  /// True once the message must no longer be handled; null means never revoked.
  std::shared_ptr<const std::atomic<bool>> revoked;
  /// What on_receive gets.
  Message message;

  /// Runs on the actor's context: passes `message` to on_receive unless it was revoked. An
  /// exception from on_receive fails the actor as one from any told message does.
  void execute(Actor& actor);
};

}  // namespace pykka::detail
