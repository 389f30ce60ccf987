#pragma once

// Where an actor delivers the reply to an ask: implemented by future states. Not API.

#include <exception>

namespace pykka {
class Message;
}

namespace pykka::detail {

class ActorCell;

/// Receives the outcome of one ask. Both calls are noexcept and at most one of them has effect:
/// later calls (or calls after the user set the future) are ignored.
class ReplyTarget {
 public:
  ReplyTarget() = default;
  ReplyTarget(const ReplyTarget&) = delete;
  ReplyTarget& operator=(const ReplyTarget&) = delete;

  /// Delivers the handler's return value, converting it to the future's type.
  virtual void set_reply(Message&& reply) noexcept = 0;
  /// Delivers an exception thrown while handling the message (or an ActorDeadError).
  virtual void set_reply_exception(std::exception_ptr error) noexcept = 0;

  /// Records the actor expected to deliver the reply (set by ActorCell::ask before enqueuing,
  /// read by a blocked waiter for deadlock detection and debug dumps). Identity only: never
  /// dereferenced unless the actor is known to be alive.
  void set_replier(const ActorCell* actor) noexcept { replier_ = actor; }
  [[nodiscard]] const ActorCell* replier() const noexcept { return replier_; }

 protected:
  ~ReplyTarget() = default;

 private:
  const ActorCell* replier_ = nullptr;  // written once before the ask is enqueued
};

}  // namespace pykka::detail
