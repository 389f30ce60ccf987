#include "pykka/detail/actor_cell.hpp"

#include <utility>

#include "actors/uuid.hpp"
#include "actors/watch_state.hpp"
#include "diagnostics/log.hpp"
#include "diagnostics/thread_state.hpp"
#include "pykka/actor.hpp"
#include "pykka/actor_ref.hpp"
#include "pykka/detail/revocable_message.hpp"
#include "system/system_core.hpp"

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

// Resumes a coroutine that suspended inside this actor (see pykka/detail/actor_resume.hpp).
struct ResumeCoroutine {
  static constexpr bool pykka_command = true;
  SuspendedInActor* suspended;
  void execute(Actor& /*actor*/) const { suspended->handle.resume(); }
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

// Stop requests and death-watch notices (local, or revocable ones from remote watches) are the
// library's own: a dead actor needs neither, so
// neither is a dead letter.
bool is_dead_letter(const Message& message) noexcept {
  return !message.is<StopRequest>() && !message.is<DeliverTerminated>() &&
         !message.is<RevocableMessage>();
}

}  // namespace

ActorCell::ActorCell(const ActorClassInfo& info, std::shared_ptr<SystemCore> system,
                     Runtime& runtime)
    : info_(info), system_(std::move(system)), runtime_(runtime), urn_(make_urn()) {}

// Formatted on demand, not stored: a million idle actors would otherwise hold a million copies
// of a name that only errors, logs and printing need.
std::string ActorCell::display() const { return info_.name + " (" + urn_ + ")"; }

ActorCell::~ActorCell() { delete_watch_state(watch_.load(std::memory_order_acquire)); }

ActorCell* ActorCell::current() noexcept { return t_current; }

ActorCell* ActorCell::exchange_current(ActorCell* cell) noexcept {
  return std::exchange(t_current, cell);
}

ActorCell* ActorCell::take_constructing() noexcept {
  return std::exchange(t_constructing, nullptr);
}

void ActorCell::set_constructing(ActorCell* cell) noexcept { t_constructing = cell; }

void ActorCell::adopt(std::unique_ptr<Actor> actor) noexcept { actor_ = std::move(actor); }

void ActorCell::abandon() noexcept {
  mark_stopped();
  answer_leftovers();
  actor_.reset();
  // An actor that never ran (its constructor threw, or its runtime refused it) counts as failed
  // at start.
  record_termination(TerminationReason::failed_in_on_start, nullptr);
  notify_terminated();
}

void ActorCell::answer_leftovers() noexcept {
  std::vector<Envelope> rest = mailbox_.close();
  for (Envelope& envelope : rest) {
    if (auto* resume = envelope.message.get_if<ResumeCoroutine>()) {
      resume_gone(*resume->suspended);
      continue;
    }
    if (!envelope.reply_to) {
      // A queued tell is dropped, as in Pykka, and reported as a dead letter.
      if (is_dead_letter(envelope.message)) {
        system_->report_dead_letter(*this, envelope.message,
                                    DeadLetterReason::stopped_before_handling);
      }
      continue;
    }
    if (envelope.message.is<StopRequest>()) {
      envelope.reply_to->set_reply(Message());  // a queued stop request: "stopped" -> true
    } else {
      envelope.reply_to->set_reply_exception(std::make_exception_ptr(
          ActorDeadError(display() + " stopped before handling the message")));
    }
  }
}

bool ActorCell::enqueue(Envelope& envelope) {
  const PushResult pushed = mailbox_.push(envelope);
  if (pushed.unblocked()) runtime_.schedule(*this);
  return static_cast<bool>(pushed);
}

void ActorCell::resume_coroutine(SuspendedInActor& suspended) noexcept {
  try {
    Envelope envelope{Message(ResumeCoroutine{&suspended}), nullptr};
    if (enqueue(envelope)) return;  // from here on `suspended` may be gone
  } catch (...) {
    suspended.gone = std::current_exception();  // no memory for the mailbox node
    suspended.handle.resume();
    return;
  }
  resume_gone(suspended);
}

void ActorCell::resume_gone(SuspendedInActor& suspended) const noexcept {
  try {
    suspended.gone = std::make_exception_ptr(
        ActorDeadError(display() + " stopped before the awaiting coroutine could resume"));
  } catch (...) {
    suspended.gone = std::current_exception();
  }
  suspended.handle.resume();
}

void ActorCell::tell(Message&& message) {
  if (is_alive()) {
    Envelope envelope{std::move(message), nullptr};
    if (enqueue(envelope)) return;
    message = std::move(envelope.message);  // a closed mailbox leaves the envelope untouched
  }
  if (is_dead_letter(message)) {
    system_->report_dead_letter(*this, message, DeadLetterReason::not_found);
  }
  throw ActorDeadError(display() + " not found");
}

void ActorCell::ask(Message&& message, std::shared_ptr<ReplyTarget> reply) noexcept {
  reply->set_replier(this);  // lets a blocked waiter name (and check) who it waits for
  if (is_alive()) {
    Envelope envelope{std::move(message), std::move(reply)};
    try {
      if (enqueue(envelope)) return;
    } catch (...) {
      // No memory for the mailbox node; the envelope is untouched: the asker gets bad_alloc.
      envelope.reply_to->set_reply_exception(std::current_exception());
      return;
    }
    reply = std::move(envelope.reply_to);
  }
  try {
    reply->set_reply_exception(std::make_exception_ptr(ActorDeadError(display() + " not found")));
  } catch (...) {
    reply->set_reply_exception(std::current_exception());  // out of memory building the error
  }
}

void ActorCell::mark_stopped() noexcept { stopped_.store(true, std::memory_order_release); }

RunResult ActorCell::run(std::size_t budget) noexcept {
  if (!started_) {
    started_ = true;
    if (!run_setup()) return RunResult::finished;
  }
  Envelope envelope;
  RunResult result = RunResult::finished;
  for (std::size_t handled = 0; !stopped(); ++handled) {
    if (handled == budget) {
      result = RunResult::yielded;
      break;
    }
    if (!mailbox_.try_pop(envelope)) {
      result = RunResult::idle;
      break;
    }
    handle(std::move(envelope));
  }
  actor_->on_batch_end();
  return result;
}

bool ActorCell::run_setup() noexcept {
  CurrentScope scope(this, nullptr, "on_start");
  try {
    actor_->on_start();
    return true;
  } catch (const SystemExit&) {
    record_termination(TerminationReason::failed_in_on_start, std::current_exception());
    handle_system_exit(std::current_exception());
  } catch (...) {
    record_termination(TerminationReason::failed_in_on_start, std::current_exception());
    handle_failure(std::current_exception());
  }
  stop_children();  // those started by on_start before it threw
  return false;
}

void ActorCell::handle(Envelope&& envelope) noexcept {
  CurrentScope scope(this, &envelope.message.type(), nullptr);
  if (envelope.message.is<StopRequest>()) {
    stop_now();
    actor_->on_batch_end();
    if (envelope.reply_to) envelope.reply_to->set_reply(Message());
    return;
  }
  try {
    Message reply = envelope.message.is_command() ? envelope.message.execute_command(*actor_)
                                                  : actor_->on_receive(envelope.message);
    if (envelope.reply_to) {
      actor_->on_batch_end();
      envelope.reply_to->set_reply(std::move(reply));
    }
  } catch (const SystemExit&) {
    actor_->on_batch_end();
    const std::exception_ptr error = std::current_exception();
    log_event(
        LogLevel::debug,
        [&] { return system_exit_repr(error) + " in " + display() + ". Stopping all actors."; },
        *this);
    stop_now();
    actor_->on_batch_end();  // on_stop may have taken it again
    // Stop-all first: it takes its list of actors now, so the caller that gets the SystemExit
    // can start new actors without them being caught in a stop meant for the old ones.
    system_->stop_all_nonblocking();
    if (envelope.reply_to) envelope.reply_to->set_reply_exception(error);
  } catch (...) {
    actor_->on_batch_end();
    const std::exception_ptr error = std::current_exception();
    if (envelope.reply_to) {
      log_event(
          LogLevel::info, [&] { return "Exception returned from " + display() + " to caller:"; },
          *this, error);
      envelope.reply_to->set_reply_exception(error);
    } else {
      record_termination(TerminationReason::failed, error);
      handle_failure(error);
      stop_children();
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
  record_termination(TerminationReason::stopped, nullptr);
  system_->unregister_actor(*this);
  mark_stopped();
  log_event(
      LogLevel::debug, [&] { return "Stopped " + display(); }, *this);
  stop_children();
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
      LogLevel::error, [&] { return "Unhandled exception in " + display() + ":"; }, *this, error);
  system_->unregister_actor(*this);
  mark_stopped();
}

void ActorCell::handle_system_exit(const std::exception_ptr& error) noexcept {
  log_event(
      LogLevel::debug,
      [&] { return system_exit_repr(error) + " in " + display() + ". Stopping all actors."; },
      *this);
  system_->unregister_actor(*this);
  mark_stopped();
  system_->stop_all_nonblocking();
}

void ActorCell::finish() noexcept {
  CurrentScope scope(this, nullptr, "teardown", /*last=*/true);
  // Destroying the actor here (abandon resets it), on its own context, releases its resources
  // deterministically and breaks reference cycles such as an actor holding a proxy to itself.
  abandon();
}

void ActorCell::log_unexpected(const Message& message) const {
  log_event(
      LogLevel::warning,
      [&] { return "Unexpected message received by " + display() + ": " + message.to_string(); },
      *this);
}

std::shared_ptr<ActorCell> actor_to_resume_in() noexcept {
  ActorCell* cell = ActorCell::current();
  return cell != nullptr ? cell->shared_from_this() : nullptr;
}

void resume_in_actor(const std::shared_ptr<ActorCell>& actor,
                     SuspendedInActor& suspended) noexcept {
  actor->resume_coroutine(suspended);
}

Runtime* current_runtime() noexcept {
  ActorCell* cell = ActorCell::current();
  return cell != nullptr ? &cell->runtime() : nullptr;
}

}  // namespace pykka::detail
