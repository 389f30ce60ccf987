#include "pykka/dead_letters.hpp"

#include <utility>

#include "diagnostics/log.hpp"
#include "system/system_core.hpp"

namespace pykka {
namespace detail {

void SystemCore::report_dead_letter(ActorCell& recipient, const Message& message,
                                    DeadLetterReason reason) noexcept {
  log_event(
      LogLevel::debug,
      [&] {
        return "Message to " + recipient.display() + " was not delivered: " + message.to_string();
      },
      recipient);
  std::shared_ptr<const DeadLetterHook> hook;
  {
    std::lock_guard lock(dead_letter_mutex_);
    hook = dead_letter_hook_;
  }
  if (!hook) return;
  try {
    (*hook)(DeadLetter{AnyActorRef(recipient.shared_from_this()), message, reason});
  } catch (...) {
    log_event(
        LogLevel::error, [] { return std::string("Exception in the dead-letter hook:"); },
        recipient, std::current_exception());
  }
}

DeadLetterHook SystemCore::set_dead_letter_hook(DeadLetterHook hook) {
  std::shared_ptr<const DeadLetterHook> fresh;
  if (hook) fresh = std::make_shared<const DeadLetterHook>(std::move(hook));
  std::shared_ptr<const DeadLetterHook> previous;
  {
    std::lock_guard lock(dead_letter_mutex_);
    previous = std::exchange(dead_letter_hook_, std::move(fresh));
  }
  return previous ? *previous : DeadLetterHook();
}

}  // namespace detail

DeadLetterHook ActorSystem::set_dead_letter_hook(DeadLetterHook hook) {
  return core_->set_dead_letter_hook(std::move(hook));
}

}  // namespace pykka
