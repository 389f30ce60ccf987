#include "pykka/future.hpp"

#include <cstdio>
#include <string>
#include <thread>
#include <utility>

#include "diagnostics/log.hpp"
#include "diagnostics/wait_graph.hpp"
#include "pykka/runtime.hpp"

namespace pykka::detail {

namespace {

// Marks a continuation list as closed: the state is published and new continuations run at
// once. Only its address is used.
class ClosedList final : public Continuation {
 public:
  void run() noexcept override {}
  void discard() noexcept override {}
};
ClosedList closed_list_marker;
Continuation* closed_list() noexcept { return &closed_list_marker; }

// The per-thread queue behind run_continuations.
thread_local PendingContinuations continuation_queue;

}  // namespace

std::chrono::nanoseconds checked_timeout(long double nanoseconds) {
  if (!(nanoseconds >= 0)) {  // negative or NaN
    char text[96];
    std::snprintf(text, sizeof text, "timeout must be zero or positive, got %Lg ns", nanoseconds);
    throw InvalidArgument(text);
  }
  if (nanoseconds >= static_cast<long double>(kLongestTimeout.count())) return kLongestTimeout;
  return std::chrono::nanoseconds(static_cast<std::chrono::nanoseconds::rep>(nanoseconds));
}

void report_callback_exception(std::exception_ptr error) noexcept {
  log_event(
      LogLevel::error, [] { return std::string("Unhandled exception in future callback:"); }, {},
      error);
}

PendingContinuations exchange_pending_continuations(const PendingContinuations& next) noexcept {
  return std::exchange(continuation_queue, next);
}

void run_continuations(Continuation* first, Continuation* last) noexcept {
  if (first == nullptr) return;
  // The chain ends at `last`, whatever its next_ still says: a node that lost a registration
  // race keeps a stale next_ into a list another thread owns (and may already have freed).
  last->next_ = nullptr;
  auto& queue = continuation_queue;
  if (queue.tail != nullptr) {
    queue.tail->next_ = first;
  } else {
    queue.head = first;
  }
  queue.tail = last;
  // A continuation that completes another future lands here again: queueing instead of
  // recursing keeps the stack depth constant however long the chain of futures is.
  if (queue.draining) return;
  queue.draining = true;
  while (Continuation* work = queue.head) {
    queue.head = work->next_;
    if (queue.head == nullptr) queue.tail = nullptr;
    work->next_ = nullptr;
    work->run();  // may delete work
  }
  queue.draining = false;
}

FutureStateBase::~FutureStateBase() {
  Continuation* work = continuations_.load(std::memory_order_acquire);
  if (work != closed_list()) {
    while (work != nullptr) {
      Continuation* next = work->next_;
      work->discard();
      work = next;
    }
  }
  delete hook_.load(std::memory_order_acquire);
  release_error();
}

[[gnu::noinline]] void FutureStateBase::release_error() noexcept { error_ = nullptr; }

bool FutureStateBase::done() const noexcept {
  if (ready()) return true;
  const GetHook* hook = hook_.load(std::memory_order_acquire);
  if (hook == nullptr || hook->sources().empty()) return false;
  for (const auto& source : hook->sources()) {
    if (!source->done()) return false;
  }
  return true;
}

void FutureStateBase::wait_and_check(std::optional<std::chrono::nanoseconds> timeout) const {
  const BlockingWait blocking(*this, timeout);  // deadlock check; may throw DeadlockError
  if (GetHook* hook = hook_.load(std::memory_order_acquire); hook != nullptr && !ready()) {
    run_get_hook(*hook, timeout, /*wait_for_runner=*/true);
  } else if (!ready()) {
    // The context decides how to wait: a thread parks, a fiber suspends, and so on.
    Runtime* runtime = current_runtime();
    const bool complete =
        runtime != nullptr ? runtime->wait(*this, timeout) : wait_on_thread(*this, timeout);
    if (!complete) throw_timeout(*timeout);
  }
  if (error_) std::rethrow_exception(error_);
}

void FutureStateBase::throw_timeout(std::chrono::nanoseconds timeout) {
  char text[64];
  std::snprintf(text, sizeof text, "%g seconds", std::chrono::duration<double>(timeout).count());
  throw Timeout(text);
}

void FutureStateBase::run_get_hook(GetHook& hook, std::optional<std::chrono::nanoseconds> timeout,
                                   bool wait_for_runner) const {
  const Deadline deadline(timeout);
  // A producer replaced at the end of our run; declared before the lock so that it is destroyed
  // after unlocking (a user's function may do anything in its destructor).
  std::unique_ptr<GetHook::Producer> retired;
  std::unique_lock lock(hook.mutex_);
  while (!ready()) {
    if (hook.running_) {
      if (!wait_for_runner) return;
      // Another thread runs the hook: wait for that run to end, then look again (it may have
      // timed out, leaving the hook to us).
      if (!deadline.limited()) {
        hook.idle_.wait(lock);
      } else if (hook.idle_.wait_until(lock, deadline.at()) == std::cv_status::timeout &&
                 hook.running_ && !ready()) {
        throw_timeout(*timeout);
      }
      continue;
    }
    hook.running_ = true;
    std::exception_ptr timed_out;
    for (bool retry = false;; retry = true) {
      // Read under the lock: the producer is swapped only while no run is in progress.
      GetHook::Producer& producer = *hook.producer_;
      lock.unlock();
      try {
        producer.produce(retry ? std::nullopt : deadline.remaining());
        timed_out = nullptr;
      } catch (...) {
        timed_out = std::current_exception();  // produce() lets only pykka::Timeout escape
      }
      lock.lock();
      if (hook.pending_) retired = std::exchange(hook.producer_, std::move(hook.pending_));
      // The sources completed just as our time ran out. The run their completion triggers
      // saw us running (it checks under this lock) and left the work to us, so finish it; it
      // no longer blocks. Checked under the lock so that one of the two runs always happens.
      if (!timed_out || retry || hook.sources().empty() || !done()) break;
    }
    hook.running_ = false;
    hook.idle_.notify_all();
    if (timed_out) std::rethrow_exception(timed_out);
  }
}

void FutureStateBase::arm_get_hook(const std::shared_ptr<FutureStateBase>& self) {
  GetHook* hook = self->hook_.load(std::memory_order_acquire);
  if (hook == nullptr || self->ready() || hook->armed_.exchange(true, std::memory_order_acq_rel)) {
    return;
  }
  if (hook->sources().empty()) {
    // Nothing tells us when a user's hook could run without blocking, so run it now, as the
    // first get would. Its outcome is stored; a Timeout it throws leaves the state to getters.
    try {
      self->run_get_hook(*hook, std::nullopt, /*wait_for_runner=*/true);
    } catch (...) {
    }
    return;
  }
  // Once every source is complete, run the hook on the thread completing the last one; the
  // sources are complete, so it does not block there. The counter starts one high so that no
  // run happens before every source has been registered.
  struct Countdown {
    std::atomic<std::size_t> left;
    std::shared_ptr<FutureStateBase> target;
    void tick() {
      if (left.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
      // If a getter is running the hook already, it completes the state (see run_get_hook).
      try {
        target->run_get_hook(*target->hook_.load(std::memory_order_acquire), std::nullopt,
                             /*wait_for_runner=*/false);
      } catch (...) {
      }
    }
  };
  auto countdown = std::make_shared<Countdown>();
  countdown->left.store(hook->sources().size() + 1, std::memory_order_relaxed);
  countdown->target = self;
  for (const auto& source : hook->sources()) {
    on_complete(source, make_continuation([countdown] { countdown->tick(); }));
  }
  countdown->tick();
}

bool FutureStateBase::add_continuation(Continuation& work) noexcept {
  Continuation* head = continuations_.load(std::memory_order_acquire);
  do {
    if (head == closed_list()) {
      // An earlier, failed attempt linked `work` to the list's old head; the caller runs `work`
      // as a chain of its own, which must not reach into nodes the completing thread now owns.
      work.next_ = nullptr;
      return false;
    }
    work.next_ = head;
  } while (!continuations_.compare_exchange_weak(head, &work, std::memory_order_release,
                                                 std::memory_order_acquire));
  return true;
}

void FutureStateBase::on_complete(const std::shared_ptr<FutureStateBase>& self,
                                  Continuation* work) {
  try {
    arm_get_hook(self);
  } catch (...) {
    work->discard();
    throw;
  }
  if (!self->add_continuation(*work)) {
    work->pin();
    run_continuations(work, work);
  }
}

bool FutureStateBase::try_register(const std::shared_ptr<FutureStateBase>& self,
                                   Continuation& work) {
  arm_get_hook(self);
  return self->add_continuation(work);
}

void FutureStateBase::publish() noexcept {
  ready_.set();
  Continuation* pending = continuations_.exchange(closed_list(), std::memory_order_acq_rel);
  // The list is newest first; callbacks run in registration order.
  Continuation* first = nullptr;
  Continuation* last = pending;
  while (pending != nullptr) {
    Continuation* next = pending->next_;
    pending->pin();
    pending->next_ = first;
    first = pending;
    pending = next;
  }
  run_continuations(first, last);
}

void FutureStateBase::install_get_hook(std::unique_ptr<GetHook::Producer> producer,
                                       std::vector<std::shared_ptr<FutureStateBase>> sources) {
  // Allocated before claiming, so that running out of memory leaves the state untouched.
  auto fresh = std::make_unique<GetHook>(std::move(producer), std::move(sources));
  if (try_claim()) {
    hook_.store(fresh.release(), std::memory_order_release);
    return;
  }
  // Claimed already: by a setter about to publish, or by a hook whose pointer another thread
  // stores right after claiming. Either way the wait ends soon: no later than the value's
  // construction, for a setter.
  GetHook* hook = hook_.load(std::memory_order_acquire);
  while (hook == nullptr && !ready()) {
    std::this_thread::yield();
    hook = hook_.load(std::memory_order_acquire);
  }
  if (hook == nullptr) throw Error("cannot add a get hook to a future that is already set");
  if (!hook->sources().empty()) {
    throw Error("the get hook of a future made by map, filter, reduce or join cannot be replaced");
  }
  std::unique_ptr<GetHook::Producer> replaced;  // destroyed after unlocking
  {
    const std::lock_guard lock(hook->mutex_);
    // A hooked state completes only inside a run, so outside one this answer cannot change.
    if (ready()) throw Error("cannot replace the get hook of a future that is already set");
    // During a run the new function waits for it to end: the running one is still in use.
    replaced = std::exchange(hook->running_ ? hook->pending_ : hook->producer_,
                             std::move(fresh->producer_));
  }
}

void FutureStateBase::throw_already_set() const {
  if (hook_.load(std::memory_order_acquire) != nullptr) {
    throw Error("future has a get hook and cannot be set");
  }
  throw Error("future is already set");
}

void FutureStateBase::set_exception(std::exception_ptr error) {
  if (!error) throw InvalidArgument("set_exception needs an exception");
  if (!try_claim()) throw_already_set();
  fail_claimed(std::move(error));
}

void FutureStateBase::set_reply_exception(std::exception_ptr error) noexcept {
  if (!try_claim()) return;
  fail_claimed(std::move(error));
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
