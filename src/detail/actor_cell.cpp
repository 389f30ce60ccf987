#include "pykka/detail/actor_cell.hpp"

#include <utility>

#include "detail/log.hpp"
#include "detail/thread_state.hpp"
#include "pykka/actor.hpp"
#include "pykka/actor_ref.hpp"
#include "pykka/detail/uuid.hpp"
#include "pykka/registry.hpp"

namespace pykka::detail {
namespace {

thread_local ActorCell* t_current = nullptr;
thread_local ActorCell* t_constructing = nullptr;

// Marks the cell as the one running on this thread for the duration of a hook or handler, and
// publishes what it is doing for debug dumps.
class CurrentScope {
 public:
  CurrentScope(ActorCell* cell, const std::type_info* message, const char* hook,
               bool last = false) noexcept
      : previous_(std::exchange(t_current, cell)), activity_(cell, message, hook, !last) {}
  ~CurrentScope() { t_current = previous_; }
  CurrentScope(const CurrentScope&) = delete;
  CurrentScope& operator=(const CurrentScope&) = delete;

 private:
  ActorCell* previous_;
  ActivityScope activity_;
};

std::string system_exit_repr(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const SystemExit& e) {
    // As Python renders an exception made without arguments: SystemExit(), not SystemExit('').
    if (e.reason().empty()) return "SystemExit()";
    return "SystemExit('" + e.reason() + "')";
  } catch (...) {
    return "SystemExit()";
  }
}

}  // namespace

ActorCell::ActorCell(const ActorClassInfo& info)
    : info_(info), urn_(make_urn()), display_(info_.name + " (" + urn_ + ")") {}

ActorCell::~ActorCell() = default;

ActorCell* ActorCell::current() noexcept { return t_current; }

ActorCell* ActorCell::take_constructing() noexcept {
  return std::exchange(t_constructing, nullptr);
}

void ActorCell::set_constructing(ActorCell* cell) noexcept { t_constructing = cell; }

void ActorCell::adopt(std::unique_ptr<Actor> actor) noexcept { actor_ = std::move(actor); }

void ActorCell::abandon() noexcept {
  mark_stopped();
  answer_leftovers();
  actor_.reset();
}

void ActorCell::answer_leftovers() noexcept {
  std::vector<Envelope> rest = mailbox_.close();
  for (Envelope& envelope : rest) {
    if (!envelope.reply_to) continue;  // a queued tell is dropped, as in Pykka
    if (envelope.message.is<StopRequest>()) {
      envelope.reply_to->set_reply(Message());  // a queued stop request: "stopped" -> true
    } else {
      envelope.reply_to->set_reply_exception(std::make_exception_ptr(
          ActorDeadError(display_ + " stopped before handling the message")));
    }
  }
}

void ActorCell::tell(Message&& message) {
  if (is_alive()) {
    Envelope envelope{std::move(message), nullptr};
    if (mailbox_.push(envelope)) return;
  }
  throw ActorDeadError(display_ + " not found");
}

void ActorCell::ask(Message&& message, std::shared_ptr<ReplyTarget> reply) noexcept {
  reply->set_replier(this);  // lets a blocked waiter name (and check) who it waits for
  if (is_alive()) {
    Envelope envelope{std::move(message), std::move(reply)};
    try {
      if (mailbox_.push(envelope)) return;
    } catch (...) {
      // No memory for the mailbox node; the envelope is untouched: the asker gets bad_alloc.
      envelope.reply_to->set_reply_exception(std::current_exception());
      return;
    }
    reply = std::move(envelope.reply_to);
  }
  try {
    reply->set_reply_exception(std::make_exception_ptr(ActorDeadError(display_ + " not found")));
  } catch (...) {
    reply->set_reply_exception(std::current_exception());  // out of memory building the error
  }
}

void ActorCell::mark_stopped() noexcept { stopped_.store(true, std::memory_order_release); }

bool ActorCell::run_setup() noexcept {
  CurrentScope scope(this, nullptr, "on_start");
  try {
    actor_->on_start();
    return true;
  } catch (const SystemExit&) {
    handle_system_exit(std::current_exception());
  } catch (...) {
    handle_failure(std::current_exception());
  }
  return false;
}

void ActorCell::handle(Envelope&& envelope) noexcept {
  CurrentScope scope(this, &envelope.message.type(), nullptr);
  if (envelope.message.is<StopRequest>()) {
    stop_now();
    if (envelope.reply_to) envelope.reply_to->set_reply(Message());
    return;
  }
  try {
    Message reply = envelope.message.is_command() ? envelope.message.execute_command(*actor_)
                                                  : actor_->on_receive(envelope.message);
    if (envelope.reply_to) envelope.reply_to->set_reply(std::move(reply));
  } catch (const SystemExit&) {
    const std::exception_ptr error = std::current_exception();
    log_event(
        LogLevel::debug,
        [&] { return system_exit_repr(error) + " in " + display_ + ". Stopping all actors."; },
        display_);
    stop_now();
    if (envelope.reply_to) envelope.reply_to->set_reply_exception(error);
    ActorRegistry::stop_all(nonblocking);
  } catch (...) {
    const std::exception_ptr error = std::current_exception();
    if (envelope.reply_to) {
      log_event(
          LogLevel::info, [&] { return "Exception returned from " + display_ + " to caller:"; },
          display_, error);
      envelope.reply_to->set_reply_exception(error);
    } else {
      handle_failure(error);
      try {
        actor_->on_failure(error);
      } catch (const SystemExit&) {
        handle_system_exit(std::current_exception());
      } catch (...) {
        handle_failure(std::current_exception());
      }
    }
  }
}

void ActorCell::stop_now() noexcept {
  ActorRegistry::unregister_actor(ActorRef<>(shared_from_this()));
  mark_stopped();
  log_event(
      LogLevel::debug, [&] { return "Stopped " + display_; }, display_);
  try {
    actor_->on_stop();
  } catch (const SystemExit&) {
    handle_system_exit(std::current_exception());
  } catch (...) {
    handle_failure(std::current_exception());
  }
}

void ActorCell::handle_failure(const std::exception_ptr& error) noexcept {
  log_event(
      LogLevel::error, [&] { return "Unhandled exception in " + display_ + ":"; }, display_, error);
  ActorRegistry::unregister_actor(ActorRef<>(shared_from_this()));
  mark_stopped();
}

void ActorCell::handle_system_exit(const std::exception_ptr& error) noexcept {
  log_event(
      LogLevel::debug,
      [&] { return system_exit_repr(error) + " in " + display_ + ". Stopping all actors."; },
      display_);
  ActorRegistry::unregister_actor(ActorRef<>(shared_from_this()));
  mark_stopped();
  ActorRegistry::stop_all(nonblocking);
}

void ActorCell::run_teardown() noexcept {
  CurrentScope scope(this, nullptr, "teardown", /*last=*/true);
  // Destroying the actor here (abandon resets it), on its own context, releases its resources
  // deterministically and breaks reference cycles such as an actor holding a proxy to itself.
  abandon();
}

void ActorCell::log_unexpected(const Message& message) const {
  log_event(
      LogLevel::warning,
      [&] { return "Unexpected message received by " + display_ + ": " + message.to_string(); },
      display_);
}

}  // namespace pykka::detail
