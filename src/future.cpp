#include "pykka/future.hpp"

#include <cstdio>
#include <string>

#include "detail/wait_graph.hpp"

namespace pykka::detail {

std::chrono::nanoseconds checked_timeout(std::chrono::nanoseconds timeout) {
  if (timeout < std::chrono::nanoseconds::zero()) {
    throw InvalidArgument("timeout must be zero or positive, got " +
                          std::to_string(timeout.count()) + " ns");
  }
  return timeout;
}

void FutureStateBase::wait_and_check(std::optional<std::chrono::nanoseconds> timeout) const {
  const BlockingWait blocking(*this, timeout);  // deadlock check; may throw DeadlockError
  if (timeout) {
    if (!wait_for(*timeout)) {
      char text[64];
      std::snprintf(text, sizeof text, "%g seconds",
                    std::chrono::duration<double>(*timeout).count());
      throw Timeout(text);
    }
  } else {
    wait();
  }
  if (error_) std::rethrow_exception(error_);
}

void FutureStateBase::throw_already_set() { throw Error("future is already set"); }

void FutureStateBase::set_exception(std::exception_ptr error) {
  if (!error) throw InvalidArgument("set_exception needs an exception");
  if (!try_claim()) throw_already_set();
  error_ = std::move(error);
  publish();
}

void FutureStateBase::set_reply_exception(std::exception_ptr error) noexcept {
  if (!try_claim()) return;
  error_ = std::move(error);
  publish();
}

void StopFutureState::set_reply(Message&& /*reply*/) noexcept { try_set_value(true); }

void StopFutureState::set_reply_exception(std::exception_ptr error) noexcept {
  try {
    std::rethrow_exception(error);
  } catch (const ActorDeadError&) {
    try_set_value(false);
  } catch (...) {
    FutureState<bool>::set_reply_exception(std::current_exception());
  }
}

}  // namespace pykka::detail
