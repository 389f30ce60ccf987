#pragma once

// Building blocks shared by the behaviour tests.

#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <pykka/pykka.hpp>

#include "support/event.hpp"

namespace pykka::testing {

/// Two events shared between a test and a parked actor.
struct Gate {
  Event entered;
  Event release;
};

/// A message that parks the actor until the gate is released, after announcing it entered.
/// Lets a test queue messages behind a busy actor deterministically. The gate is shared, so it
/// outlives whichever side finishes last.
struct Block {
  std::shared_ptr<Gate> gate;
};

/// Handles a Block message; returns false for any other message.
inline bool handle_block(Message& message) {
  if (auto* block = message.get_if<Block>()) {
    const std::shared_ptr<Gate> gate = block->gate;
    gate->entered.set();
    (void)gate->release.wait();
    return true;
  }
  return false;
}

/// A thread-safe list of strings, for recording what happened in which order.
class Journal {
 public:
  void add(std::string entry) {
    std::lock_guard lock(mutex_);
    entries_.push_back(std::move(entry));
    changed_.notify_all();
  }
  /// Waits (bounded) until `entry` was added at least `count` times; returns whether it was.
  bool wait_for(const std::string& entry, long count = 1) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kWaitLimit, [&] {
      return std::count(entries_.begin(), entries_.end(), entry) >= count;
    });
  }
  std::vector<std::string> entries() const {
    std::lock_guard lock(mutex_);
    return entries_;
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<std::string> entries_;  // guarded by mutex_
};

/// Parks an actor with a Block message and releases it on destruction (or release()).
class Parked {
 public:
  template <class A>
  explicit Parked(const ActorRef<A>& ref) {
    ref.tell(Block{gate_});
    ok_ = gate_->entered.wait();
  }
  ~Parked() { gate_->release.set(); }
  Parked(const Parked&) = delete;
  Parked& operator=(const Parked&) = delete;

  /// Returns whether the actor reached the block within the wait limit.
  [[nodiscard]] bool ok() const { return ok_; }
  /// Lets the actor continue.
  void release() { gate_->release.set(); }

 private:
  std::shared_ptr<Gate> gate_ = std::make_shared<Gate>();
  bool ok_ = false;
};

}  // namespace pykka::testing
