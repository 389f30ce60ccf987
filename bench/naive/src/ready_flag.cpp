// Benchmark baseline ("naive port"): the first implementation, kept for bench/run.sh; see
// bench/naive/include/pykka/detail/mailbox.hpp.

#include "pykka/detail/ready_flag.hpp"

namespace pykka::detail {

void ReadyFlag::set() noexcept {
  set_.store(true, std::memory_order_release);
  // Taking the lock orders this wake-up after any waiter's check made under it: a waiter either
  // saw set_ already or is blocked in wait() and receives the notification.
  std::lock_guard lock(mutex_);
  if (waiters_ > 0) changed_.notify_all();
}

void ReadyFlag::wait() const {
  if (is_set()) return;
  std::unique_lock lock(mutex_);
  ++waiters_;
  changed_.wait(lock, [this] { return is_set(); });
  --waiters_;
}

bool ReadyFlag::wait_for(std::chrono::nanoseconds timeout) const {
  if (is_set()) return true;
  if (timeout <= std::chrono::nanoseconds::zero()) return false;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  ++waiters_;
  const bool done = changed_.wait_until(lock, deadline, [this] { return is_set(); });
  --waiters_;
  return done;
}

}  // namespace pykka::detail
