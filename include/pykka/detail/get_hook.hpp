#pragma once

// GetHook: the function that produces a future's value on the first get (Future::set_get_hook,
// and the combinators map/filter/reduce/join built on it). Installed because Future's templates
// need it; not API.
//
// The hook runs at most once to completion. Getters coordinate through `mutex_`: one of them
// runs it (outside the lock) while the others wait for that run to end. A run that throws
// pykka::Timeout leaves the future incomplete, so a later get with more time retries; any other
// outcome, value or exception, completes the future for good.
//
// The function itself (the Producer) may be replaced until the future completes. It is swapped
// only under `mutex_` and never while a run uses it: a replacement that arrives during a run
// waits in `pending_` and takes over when that run ends without completing the future.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace pykka::detail {

class FutureStateBase;

/// A point in time derived from an optional timeout (none: wait forever).
class Deadline {
 public:
  using Clock = std::chrono::steady_clock;

  explicit Deadline(std::optional<std::chrono::nanoseconds> timeout)
      : limited_(timeout.has_value()),
        at_(limited_ ? Clock::now() + *timeout : Clock::time_point{}) {}

  /// Returns true unless waiting forever.
  [[nodiscard]] bool limited() const noexcept { return limited_; }
  /// Returns the deadline; only meaningful if limited().
  [[nodiscard]] Clock::time_point at() const noexcept { return at_; }
  /// Returns the time left (zero once passed), or nothing when waiting forever.
  [[nodiscard]] std::optional<std::chrono::nanoseconds> remaining() const {
    if (!limited_) return std::nullopt;
    const auto left = at_ - Clock::now();
    return left > Clock::duration::zero()
               ? std::chrono::duration_cast<std::chrono::nanoseconds>(left)
               : std::chrono::nanoseconds::zero();
  }

 private:
  bool limited_;
  Clock::time_point at_;
};

class GetHook final {
 public:
  /// The function part of a hook, replaceable (see FutureStateBase::install_get_hook).
  class Producer {
   public:
    Producer() = default;
    Producer(const Producer&) = delete;
    Producer& operator=(const Producer&) = delete;
    virtual ~Producer() = default;

    /// Computes the value and completes the owning state with it, or with the exception the
    /// computation threw. Throws only pykka::Timeout, leaving the state incomplete.
    virtual void produce(std::optional<std::chrono::nanoseconds> timeout) = 0;
  };

  /// `sources`: the futures whose completion lets the hook run without blocking (empty when
  /// unknown, as for a user's hook).
  GetHook(std::unique_ptr<Producer> producer, std::vector<std::shared_ptr<FutureStateBase>> sources)
      : sources_(std::move(sources)), producer_(std::move(producer)) {}
  GetHook(const GetHook&) = delete;
  GetHook& operator=(const GetHook&) = delete;
  ~GetHook() = default;

  [[nodiscard]] const std::vector<std::shared_ptr<FutureStateBase>>& sources() const noexcept {
    return sources_;
  }

 private:
  friend class FutureStateBase;

  std::vector<std::shared_ptr<FutureStateBase>> sources_;
  std::atomic<bool> armed_{false};  // set once completion of the sources triggers a run
  std::mutex mutex_;
  std::condition_variable idle_;        // notified when a run ends
  bool running_ = false;                // guarded by mutex_
  std::unique_ptr<Producer> producer_;  // guarded by mutex_; swapped only while not running
  std::unique_ptr<Producer> pending_;   // guarded by mutex_; replaces producer_ after the run
};

}  // namespace pykka::detail
