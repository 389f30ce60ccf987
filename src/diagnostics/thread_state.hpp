#pragma once

// ThreadState: what one thread known to pykka is doing, published for debug dumps. Private.
//
// A thread becomes known the first time it runs actor code or blocks on a future (or calls a
// pykka::debug function); it is forgotten when it exits. Each thread writes only its own state,
// with relaxed atomic stores (a dump is a snapshot, not a synchronisation point); any thread may
// read every state. The states are owned by shared pointers so a dump can keep one readable
// after its thread exited.
//
// The actor pointers are identities: a reader compares them with cells it holds alive (from the
// registry snapshot) and never dereferences them otherwise.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <typeinfo>
#include <vector>

#include <sys/types.h>

namespace pykka::detail {

class ActorCell;

/// Frames captured from a thread by a signal handler, into memory the dumper allocated.
struct CapturedStack {
  static constexpr int kMaxFrames = 64;
  void* frames[kMaxFrames] = {};
  std::atomic<int> count{-1};  // -1 until the capture finished; release-stored
};

struct ThreadState {
  // The pykka thread name. A pooled actor thread takes a new name with each actor it runs, and a
  // dump may read it meanwhile, hence the lock.
  [[nodiscard]] std::string name() const {
    std::lock_guard lock(name_mutex_);
    return name_;
  }
  void rename(std::string name) {
    std::lock_guard lock(name_mutex_);
    name_ = std::move(name);
  }

  pid_t tid = 0;             // kernel thread id, valid while the state is registered
  std::uintptr_t ident = 0;  // pthread_self(), printed like Python's thread ident

  std::atomic<const ActorCell*> actor{nullptr};            // actor whose code runs here
  std::atomic<const std::type_info*> processing{nullptr};  // message being handled
  std::atomic<const char*> hook{nullptr};                  // "on_start"/"teardown", or null
  std::atomic<bool> blocked{false};                        // inside a blocking future wait
  std::atomic<const ActorCell*> blocked_on{nullptr};       // the actor expected to reply
  std::atomic<std::int64_t> blocked_since{0};              // steady_clock ticks (ns)

  // Handed from the dumper to this thread's capture signal handler; whoever exchanges it to
  // null first owns the capture (see debug.cpp).
  std::atomic<CapturedStack*> capture{nullptr};
  // Set when the thread is exiting: no capture signal may target it any more.
  std::atomic<bool> exited{false};
  // Not a thread: an actor's stack suspended in a blocking wait (see SuspendedContext). Its
  // stack is never captured; `ident` is the thread it resumes on.
  bool suspended = false;

 private:
  mutable std::mutex name_mutex_;
  std::string name_;  // guarded by name_mutex_
};

/// Returns the calling thread's state, registering the thread on first use; null while the
/// thread is exiting. Cheap after the first call (one thread-local read).
ThreadState* this_thread_state() noexcept;

/// Returns the calling thread's state if it is registered, without registering it. Safe in a
/// signal handler.
ThreadState* this_thread_state_if_registered() noexcept;

/// Returns every registered thread state, in registration order.
std::vector<std::shared_ptr<ThreadState>> known_threads();

/// Calls `visit(state)` for each registered thread, in registration order, while registration
/// is locked, so no thread can finish exiting meanwhile (its kernel thread id stays valid).
/// `visit` must not block or call back into pykka.
void for_each_known_thread_locked(
    const std::function<void(const std::shared_ptr<ThreadState>&)>& visit);

/// What a thread's state says about the code running on it: saved and restored by a runtime
/// that switches one thread between several actors' suspended stacks.
struct ActivitySnapshot {
  const ActorCell* actor = nullptr;
  const std::type_info* processing = nullptr;
  const char* hook = nullptr;
  bool blocked = false;
  const ActorCell* blocked_on = nullptr;
  std::int64_t blocked_since = 0;
};

/// Replaces what the calling thread's state says it runs with `next`; returns what it said.
ActivitySnapshot exchange_activity(const ActivitySnapshot& next) noexcept;

/// Records, for the life of the scope, that the calling thread runs `actor`'s code: handling a
/// message of type `message`, or running `hook` ("on_start", "teardown"). With `linger`, the
/// actor stays recorded after the scope (an idle actor thread still names its actor); the last
/// scope of an actor's life passes false.
class ActivityScope {
 public:
  ActivityScope(const ActorCell* actor, const std::type_info* message, const char* hook,
                bool linger) noexcept;
  ~ActivityScope();
  ActivityScope(const ActivityScope&) = delete;
  ActivityScope& operator=(const ActivityScope&) = delete;

 private:
  ThreadState* state_;
  const ActorCell* previous_actor_ = nullptr;
  const std::type_info* previous_processing_ = nullptr;
  const char* previous_hook_ = nullptr;
  bool linger_;
};

/// Lists, for its lifetime, an actor's stack suspended in a blocking wait beside the known
/// threads, named `name`, with the activity it had when it suspended, so debug dumps show
/// suspended actors too. Made on the thread the stack suspended on.
class SuspendedContext {
 public:
  SuspendedContext(std::string name, const ActivitySnapshot& activity) noexcept;
  ~SuspendedContext();
  SuspendedContext(const SuspendedContext&) = delete;
  SuspendedContext& operator=(const SuspendedContext&) = delete;

 private:
  std::shared_ptr<ThreadState> state_;
  std::list<std::shared_ptr<ThreadState>>::iterator position_;
};

/// Records, for the life of the scope, that the calling thread blocks on the reply of `target`
/// (null: a future no actor is known to set). Nests: a get hook waiting on its sources shows
/// the innermost wait, then the outer one again.
class BlockedScope {
 public:
  explicit BlockedScope(const ActorCell* target) noexcept;
  ~BlockedScope();
  BlockedScope(const BlockedScope&) = delete;
  BlockedScope& operator=(const BlockedScope&) = delete;

 private:
  ThreadState* state_;
  bool previous_blocked_ = false;
  const ActorCell* previous_target_ = nullptr;
  std::int64_t previous_since_ = 0;
};

}  // namespace pykka::detail
