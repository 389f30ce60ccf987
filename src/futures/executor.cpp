#include "pykka/executor.hpp"

namespace pykka {

namespace {
thread_local Executor* current = nullptr;
}  // namespace

Executor* current_executor() noexcept { return current; }

Executor* detail::exchange_current_executor(Executor* executor) noexcept {
  Executor* previous = current;
  current = executor;
  return previous;
}

void Executor::resume(std::coroutine_handle<> handle) noexcept {
  // Restored afterwards: an executor may resume coroutines from inside another's (e.g. a
  // queue drained on a thread that is itself some executor's worker).
  Executor* previous = current;
  current = this;
  handle.resume();
  current = previous;
}

}  // namespace pykka
