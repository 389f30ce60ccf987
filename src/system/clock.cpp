#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "diagnostics/thread_name.hpp"
#include "pykka/system.hpp"
#include "pykka/timers.hpp"
#include "system/system_core.hpp"

namespace pykka {
namespace detail {

// One timer. `state` moves pending -> firing -> pending (periodic) or done (one-shot), or
// pending -> cancelled; only the clock's thread leaves `firing`, so a cancel that finds the timer
// firing waits the length of one tell and then knows nothing more will be sent.
// What a timer handle may still touch after its clock is gone: the clock's counters and the
// identity of its thread. Shared by the clock and each of its timers.
struct ClockShared {
  std::atomic<std::size_t> pending{0};
  std::atomic<std::size_t> cancelled_in_heap{0};
  std::atomic<std::thread::id> thread_id{};

  void cancelled_one() noexcept {
    pending.fetch_sub(1, std::memory_order_relaxed);
    cancelled_in_heap.fetch_add(1, std::memory_order_relaxed);
  }
  void dropped_one() noexcept { pending.fetch_sub(1, std::memory_order_relaxed); }
  [[nodiscard]] bool on_clock_thread() const noexcept {
    return std::this_thread::get_id() == thread_id.load(std::memory_order_acquire);
  }
};

struct TimerEntry {
  enum State : int { pending, firing, cancelled, done };
  enum Kind : unsigned char { once, fixed_rate, fixed_delay, future };

  std::atomic<int> state{pending};
  Kind kind = once;
  std::chrono::nanoseconds period{0};
  std::shared_ptr<ActorCell> target;
  Message message;                            // once
  std::function<Message()> make;              // fixed_rate, fixed_delay
  std::shared_ptr<FutureState<void>> waiter;  // future
  std::shared_ptr<ClockShared> clock;
};

class ClockCore {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  ~ClockCore() { shutdown(); }

  void add(std::shared_ptr<TimerEntry> entry, std::chrono::nanoseconds delay) {
    const TimePoint deadline = std::chrono::steady_clock::now() + delay;
    entry->clock = shared_;
    std::unique_lock lock(mutex_);
    if (shut_down_) throw Error("cannot schedule a timer: the actor system is shut down");
    if (!thread_.joinable()) thread_ = std::thread([this] { loop(); });
    compact_if_mostly_cancelled();
    const bool earliest = heap_.empty() || deadline < heap_.front().deadline;
    heap_.push_back(Slot{deadline, next_sequence_++, std::move(entry)});
    std::push_heap(heap_.begin(), heap_.end(), Later{});
    shared_->pending.fetch_add(1, std::memory_order_relaxed);
    lock.unlock();
    // Only a new earliest deadline changes how long the clock sleeps.
    if (earliest) wake_.notify_one();
  }

  void shutdown() noexcept {
    {
      std::lock_guard lock(mutex_);
      shut_down_ = true;
    }
    wake_.notify_one();
    stop_thread();
    // The thread has put back whatever it was firing; from here on nothing touches the heap.
    std::vector<Slot> left;
    {
      std::lock_guard lock(mutex_);
      left.swap(heap_);
    }
    for (Slot& slot : left) {
      int expected = TimerEntry::pending;
      if (!slot.entry->state.compare_exchange_strong(expected, TimerEntry::cancelled)) continue;
      shared_->dropped_one();
      if (slot.entry->waiter) {
        slot.entry->waiter->set_reply_exception(
            std::make_exception_ptr(Error("the actor system shut down before the timer fired")));
      }
    }
  }

  [[nodiscard]] std::size_t pending() const noexcept {
    return shared_->pending.load(std::memory_order_relaxed);
  }

  struct Slot {
    TimePoint deadline;
    std::uint64_t sequence;  // equal deadlines fire in scheduling order
    std::shared_ptr<TimerEntry> entry;
  };
  struct Later {
    bool operator()(const Slot& a, const Slot& b) const noexcept {
      return a.deadline != b.deadline ? a.deadline > b.deadline : a.sequence > b.sequence;
    }
  };

  void stop_thread() noexcept {
    if (!thread_.joinable()) return;
    // The last reference to the system may be dropped by the clock's own thread (a fired
    // timer held the last ref to an actor of a finished system): it cannot join itself.
    if (std::this_thread::get_id() == thread_.get_id()) {
      thread_.detach();
    } else {
      thread_.join();
    }
  }

  // Cancelled timers stay in the heap until their deadline; once they are most of it, drop
  // them in one pass so a program that schedules and cancels a lot keeps its memory bounded.
  void compact_if_mostly_cancelled() {
    const std::size_t cancelled = shared_->cancelled_in_heap.load(std::memory_order_relaxed);
    if (heap_.size() < 4096 || cancelled * 2 < heap_.size()) return;
    std::erase_if(heap_, [](const Slot& slot) {
      return slot.entry->state.load(std::memory_order_relaxed) == TimerEntry::cancelled;
    });
    std::make_heap(heap_.begin(), heap_.end(), Later{});
    shared_->cancelled_in_heap.store(0, std::memory_order_relaxed);
  }

  void loop() {
    shared_->thread_id.store(std::this_thread::get_id(), std::memory_order_release);
    set_current_thread_name("pykka-clock");
    std::vector<Slot> due;
    std::unique_lock lock(mutex_);
    while (!shut_down_) {
      if (heap_.empty()) {
        wake_.wait(lock);
        continue;
      }
      const TimePoint now = std::chrono::steady_clock::now();
      if (heap_.front().deadline > now) {
        // A copy: the heap may grow (and move) while the lock is released inside the wait.
        const TimePoint next = heap_.front().deadline;
        wake_.wait_until(lock, next);
        continue;
      }
      while (!heap_.empty() && heap_.front().deadline <= now) {
        std::pop_heap(heap_.begin(), heap_.end(), Later{});
        due.push_back(std::move(heap_.back()));
        heap_.pop_back();
      }
      lock.unlock();
      for (Slot& slot : due) {
        if (fire(slot)) continue;
        slot.entry.reset();
      }
      lock.lock();
      for (Slot& slot : due) {
        if (!slot.entry) continue;
        slot.sequence = next_sequence_++;
        heap_.push_back(std::move(slot));
        std::push_heap(heap_.begin(), heap_.end(), Later{});
      }
      due.clear();
    }
  }

  // Tells the timer's message; returns true if the timer is to fire again (with `slot`'s
  // deadline moved on).
  bool fire(Slot& slot) noexcept {
    TimerEntry& entry = *slot.entry;
    int expected = TimerEntry::pending;
    if (!entry.state.compare_exchange_strong(expected, TimerEntry::firing,
                                             std::memory_order_acq_rel)) {
      // Cancelled: it was counted when cancelled, and now leaves the heap.
      const std::size_t cancelled = shared_->cancelled_in_heap.load(std::memory_order_relaxed);
      if (cancelled > 0) shared_->cancelled_in_heap.fetch_sub(1, std::memory_order_relaxed);
      return false;
    }
    bool delivered = true;
    try {
      switch (entry.kind) {
        case TimerEntry::once:
          entry.target->tell(std::move(entry.message));
          break;
        case TimerEntry::fixed_rate:
        case TimerEntry::fixed_delay:
          entry.target->tell(entry.make());
          break;
        case TimerEntry::future:
          (void)entry.waiter->try_set_value();
          break;
      }
    } catch (...) {
      // The target died (ActorDeadError) or the message could not be made: the timer ends
      // quietly, as a tell to a dead actor from a program would be told so.
      delivered = false;
    }
    const bool again =
        delivered && entry.kind != TimerEntry::once && entry.kind != TimerEntry::future;
    if (again) {
      expected = TimerEntry::firing;
      if (entry.state.compare_exchange_strong(expected, TimerEntry::pending,
                                              std::memory_order_acq_rel)) {
        slot.deadline = entry.kind == TimerEntry::fixed_rate
                            ? slot.deadline + entry.period
                            : std::chrono::steady_clock::now() + entry.period;
        return true;
      }
      return false;  // cancelled from inside the tell (the clock's own thread)
    }
    entry.state.store(TimerEntry::done, std::memory_order_release);
    shared_->dropped_one();
    entry.target.reset();  // a finished timer must not keep its target's cell alive
    return false;
  }

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Slot> heap_;           // guarded by mutex_; a min-heap on (deadline, sequence)
  std::uint64_t next_sequence_ = 0;  // guarded by mutex_
  bool shut_down_ = false;           // guarded by mutex_
  std::thread thread_;               // started by the first add, under mutex_
  std::shared_ptr<ClockShared> shared_ = std::make_shared<ClockShared>();
};

Clock& clock_of(const ActorCell& cell) noexcept { return cell.system().clock; }

}  // namespace detail

bool Timer::cancel() noexcept {
  if (!entry_) return false;
  detail::TimerEntry& entry = *entry_;
  int state = entry.state.load(std::memory_order_acquire);
  for (;;) {
    if (state == detail::TimerEntry::pending) {
      if (entry.state.compare_exchange_weak(state, detail::TimerEntry::cancelled,
                                            std::memory_order_acq_rel)) {
        entry.clock->cancelled_one();
        return true;
      }
      continue;
    }
    if (state == detail::TimerEntry::firing) {
      if (entry.clock->on_clock_thread()) {
        // Cancelled from inside its own tell (e.g. by the message's copy constructor): a
        // one-shot timer has fired by then; a periodic one sees this before rescheduling.
        if (entry.kind == detail::TimerEntry::once) return false;
        if (entry.state.compare_exchange_strong(state, detail::TimerEntry::cancelled,
                                                std::memory_order_acq_rel)) {
          entry.clock->dropped_one();
          return true;
        }
        continue;
      }
      // Being told right now: wait for that one tell, then decide.
      std::this_thread::yield();
      state = entry.state.load(std::memory_order_acquire);
      continue;
    }
    return false;  // cancelled already, or done
  }
}

bool Timer::is_active() const noexcept {
  if (!entry_) return false;
  const int state = entry_->state.load(std::memory_order_acquire);
  return state == detail::TimerEntry::pending || state == detail::TimerEntry::firing;
}

Clock::Clock() : core_(std::make_unique<detail::ClockCore>()) {}

Clock::~Clock() = default;

std::size_t Clock::pending() const noexcept { return core_->pending(); }

void Clock::shutdown() noexcept { core_->shutdown(); }

Timer Clock::schedule_once(std::shared_ptr<detail::ActorCell> target,
                           std::chrono::nanoseconds delay, Message message) {
  auto entry = std::make_shared<detail::TimerEntry>();
  entry->kind = detail::TimerEntry::once;
  entry->target = std::move(target);
  entry->message = std::move(message);
  core_->add(entry, delay);
  return Timer(std::move(entry));
}

Timer Clock::schedule_periodic(std::shared_ptr<detail::ActorCell> target,
                               std::chrono::nanoseconds initial_delay,
                               std::chrono::nanoseconds period, bool fixed_rate,
                               std::function<Message()> make) {
  if (period <= std::chrono::nanoseconds::zero()) {
    throw InvalidArgument("a periodic timer needs a positive period");
  }
  auto entry = std::make_shared<detail::TimerEntry>();
  entry->kind = fixed_rate ? detail::TimerEntry::fixed_rate : detail::TimerEntry::fixed_delay;
  entry->period = period;
  entry->target = std::move(target);
  entry->make = std::move(make);
  core_->add(entry, initial_delay);
  return Timer(std::move(entry));
}

Future<void> Clock::after_for(std::chrono::nanoseconds delay) {
  auto entry = std::make_shared<detail::TimerEntry>();
  entry->kind = detail::TimerEntry::future;
  entry->waiter = std::make_shared<detail::FutureState<void>>();
  Future<void> future(entry->waiter);
  core_->add(std::move(entry), delay);
  return future;
}

}  // namespace pykka
