// Benchmark baseline ("naive port"): the first implementation, kept for bench/run.sh; see
// bench/naive/include/pykka/detail/mailbox.hpp.

#include "pykka/detail/mailbox.hpp"

namespace pykka::detail {

bool Mailbox::push(Envelope& envelope) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    queue_.push_back(std::move(envelope));
    wake = consumer_waiting_;
  }
  if (wake) not_empty_.notify_one();
  return true;
}

Envelope Mailbox::pop_wait() {
  std::unique_lock lock(mutex_);
  if (queue_.empty()) {
    consumer_waiting_ = true;
    not_empty_.wait(lock, [this] { return !queue_.empty(); });
    consumer_waiting_ = false;
  }
  Envelope envelope = std::move(queue_.front());
  queue_.pop_front();
  return envelope;
}

std::vector<Envelope> Mailbox::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  std::vector<Envelope> rest;
  rest.reserve(queue_.size());
  for (auto& envelope : queue_) rest.push_back(std::move(envelope));
  queue_.clear();
  return rest;
}

std::size_t Mailbox::size() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

}  // namespace pykka::detail
