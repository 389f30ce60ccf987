#include "pykka/runtime.hpp"

#include "pykka/detail/future_state.hpp"

namespace pykka {

Runtime::~Runtime() = default;

bool Runtime::wait(const detail::FutureStateBase& future,
                   std::optional<std::chrono::nanoseconds> timeout) {
  return detail::wait_on_thread(future, timeout);
}

bool detail::wait_on_thread(const FutureStateBase& future,
                            std::optional<std::chrono::nanoseconds> timeout) {
  if (!timeout) {
    future.wait();
    return true;
  }
  return future.wait_for(*timeout);
}

}  // namespace pykka
