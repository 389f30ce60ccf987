#pragma once

// Benchmark baseline ("naive port"): the first, mutex + condition-variable implementation of this
// header, kept so bench/run.sh can measure the optimised runtime against it in the same run. It
// replaces the library header of the same name only in the bench_*_naive binaries.

// An actor's inbox: many producers, one consumer (the actor's context). Not API.
//
// Contract: push may be called from any thread; pop_wait/try_pop only from the consumer.
// close() is called once by the consumer: every push after it fails (returns false and leaves
// the envelope with the caller), and it returns every envelope still queued, in order. That
// hand-off is atomic with respect to push, so no envelope is ever stranded in a closed mailbox.

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include "pykka/detail/reply_target.hpp"
#include "pykka/message.hpp"

namespace pykka::detail {

/// A message together with where its reply goes (empty for tell).
struct Envelope {
  Message message;
  std::shared_ptr<ReplyTarget> reply_to;
};

class Mailbox {
 public:
  Mailbox() = default;
  Mailbox(const Mailbox&) = delete;
  Mailbox& operator=(const Mailbox&) = delete;

  /// Enqueues the envelope (moving from it) and returns true; returns false, leaving it
  /// untouched, if the mailbox is closed.
  bool push(Envelope& envelope);

  /// Blocks until an envelope is available and returns it.
  Envelope pop_wait();

  /// Closes the mailbox and returns whatever was still queued.
  std::vector<Envelope> close();

  /// Returns the number of queued envelopes (a snapshot).
  [[nodiscard]] std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable not_empty_;
  std::deque<Envelope> queue_;     // guarded by mutex_
  bool closed_ = false;            // guarded by mutex_
  bool consumer_waiting_ = false;  // guarded by mutex_
};

}  // namespace pykka::detail
