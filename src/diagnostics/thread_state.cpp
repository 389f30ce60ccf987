#include "diagnostics/thread_state.hpp"

#include <list>
#include <mutex>

#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "diagnostics/capture_signal.hpp"
#include "diagnostics/thread_name.hpp"

namespace pykka::detail {
namespace {

struct Registry {
  std::mutex mutex;
  std::list<std::shared_ptr<ThreadState>> states;  // guarded by mutex
};

// Leaked on purpose: threads exit (and unregister) while static destructors run.
Registry& registry() {
  static auto* instance = new Registry();
  return *instance;
}

// A plain pointer (no constructor or destructor) so the capture signal handler may read it.
thread_local ThreadState* t_state = nullptr;

// Unregisters the thread when it exits; thread_local destructors run on the exiting thread.
class Registration {
 public:
  Registration() = default;
  Registration(const Registration&) = delete;
  Registration& operator=(const Registration&) = delete;

  ~Registration() {
    exiting_ = true;
    if (!enrolled_) return;
    ThreadState& state = **position_;
    t_state = nullptr;  // from here on the capture handler ignores this thread
    // Pairs with the dumper, which hands out a capture and then reads `exited`: either it sees
    // the flag and takes the capture back, or this exchange finds the capture and completes it.
    state.exited.store(true, std::memory_order_seq_cst);
    if (CapturedStack* capture = state.capture.exchange(nullptr, std::memory_order_seq_cst)) {
      complete_capture(*capture, 0);
    }
    std::lock_guard lock(registry().mutex);
    registry().states.erase(position_);
  }

  ThreadState* enroll() noexcept {
    if (exiting_) return nullptr;  // e.g. a thread_local destructor blocking on a future
    try {
      auto state = std::make_shared<ThreadState>();
      state->rename(current_thread_name());
      state->tid = static_cast<pid_t>(::syscall(SYS_gettid));
      state->ident = static_cast<std::uintptr_t>(pthread_self());
      {
        std::lock_guard lock(registry().mutex);
        position_ = registry().states.insert(registry().states.end(), state);
      }
      enrolled_ = true;
      t_state = state.get();
      return t_state;
    } catch (...) {
      return nullptr;  // out of memory: the thread simply stays unknown to dumps
    }
  }

 private:
  std::list<std::shared_ptr<ThreadState>>::iterator position_;
  bool enrolled_ = false;
  bool exiting_ = false;
};

thread_local Registration t_registration;

}  // namespace

ThreadState* this_thread_state() noexcept {
  if (t_state != nullptr) return t_state;
  return t_registration.enroll();
}

ThreadState* this_thread_state_if_registered() noexcept { return t_state; }

std::vector<std::shared_ptr<ThreadState>> known_threads() {
  std::lock_guard lock(registry().mutex);
  return {registry().states.begin(), registry().states.end()};
}

void for_each_known_thread_locked(
    const std::function<void(const std::shared_ptr<ThreadState>&)>& visit) {
  std::lock_guard lock(registry().mutex);
  for (const auto& state : registry().states) visit(state);
}

ActivityScope::ActivityScope(const ActorCell* actor, const std::type_info* message,
                             const char* hook, bool linger) noexcept
    : state_(this_thread_state()), linger_(linger) {
  if (state_ == nullptr) return;
  // Only this thread writes its state, so plain load-then-store is enough.
  previous_actor_ = state_->actor.load(std::memory_order_relaxed);
  previous_processing_ = state_->processing.load(std::memory_order_relaxed);
  previous_hook_ = state_->hook.load(std::memory_order_relaxed);
  state_->actor.store(actor, std::memory_order_relaxed);
  state_->processing.store(message, std::memory_order_relaxed);
  state_->hook.store(hook, std::memory_order_relaxed);
}

ActivityScope::~ActivityScope() {
  if (state_ == nullptr) return;
  // A lingering scope keeps naming its actor once idle; the last scope of an actor's life
  // forgets it, so a dump never matches a freed cell's address to a new actor.
  if (!linger_) {
    state_->actor.store(nullptr, std::memory_order_relaxed);
  } else if (previous_actor_ != nullptr) {
    state_->actor.store(previous_actor_, std::memory_order_relaxed);
  }
  state_->processing.store(previous_processing_, std::memory_order_relaxed);
  state_->hook.store(previous_hook_, std::memory_order_relaxed);
}

ActivitySnapshot exchange_activity(const ActivitySnapshot& next) noexcept {
  ThreadState* state = this_thread_state();
  if (state == nullptr) return {};
  ActivitySnapshot previous{state->actor.load(std::memory_order_relaxed),
                            state->processing.load(std::memory_order_relaxed),
                            state->hook.load(std::memory_order_relaxed),
                            state->blocked.load(std::memory_order_relaxed),
                            state->blocked_on.load(std::memory_order_relaxed),
                            state->blocked_since.load(std::memory_order_relaxed)};
  state->actor.store(next.actor, std::memory_order_relaxed);
  state->processing.store(next.processing, std::memory_order_relaxed);
  state->hook.store(next.hook, std::memory_order_relaxed);
  state->blocked.store(next.blocked, std::memory_order_relaxed);
  state->blocked_on.store(next.blocked_on, std::memory_order_relaxed);
  state->blocked_since.store(next.blocked_since, std::memory_order_relaxed);
  return previous;
}

SuspendedContext::SuspendedContext(std::string name, const ActivitySnapshot& activity) noexcept {
  try {
    auto state = std::make_shared<ThreadState>();
    state->rename(std::move(name));
    state->ident = static_cast<std::uintptr_t>(pthread_self());
    state->suspended = true;
    state->actor.store(activity.actor, std::memory_order_relaxed);
    state->processing.store(activity.processing, std::memory_order_relaxed);
    state->hook.store(activity.hook, std::memory_order_relaxed);
    state->blocked.store(activity.blocked, std::memory_order_relaxed);
    state->blocked_on.store(activity.blocked_on, std::memory_order_relaxed);
    state->blocked_since.store(activity.blocked_since, std::memory_order_relaxed);
    std::lock_guard lock(registry().mutex);
    position_ = registry().states.insert(registry().states.end(), state);
    state_ = std::move(state);
  } catch (...) {
    state_.reset();  // out of memory: the suspended actor stays out of dumps
  }
}

SuspendedContext::~SuspendedContext() {
  if (!state_) return;
  std::lock_guard lock(registry().mutex);
  registry().states.erase(position_);
}

BlockedScope::BlockedScope(const ActorCell* target) noexcept : state_(this_thread_state()) {
  if (state_ == nullptr) return;
  previous_blocked_ = state_->blocked.load(std::memory_order_relaxed);
  previous_target_ = state_->blocked_on.load(std::memory_order_relaxed);
  previous_since_ = state_->blocked_since.load(std::memory_order_relaxed);
  const auto now = std::chrono::steady_clock::now().time_since_epoch();
  state_->blocked_since.store(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count(),
                              std::memory_order_relaxed);
  state_->blocked_on.store(target, std::memory_order_relaxed);
  state_->blocked.store(true, std::memory_order_relaxed);
}

BlockedScope::~BlockedScope() {
  if (state_ == nullptr) return;
  state_->blocked.store(previous_blocked_, std::memory_order_relaxed);
  state_->blocked_on.store(previous_target_, std::memory_order_relaxed);
  state_->blocked_since.store(previous_since_, std::memory_order_relaxed);
}

}  // namespace pykka::detail
