#pragma once

// SystemCore: the state of one actor system, shared by the ActorSystem object and every actor
// cell of the system. Private.
//
// The ActorSystem a user holds is one owner; each cell keeps the core alive too, so an actor
// that outlives its system's shutdown (it did not stop in time) still has a registry and a
// runtime to talk to. The core's `view` is a non-owning ActorSystem over it, handed out by
// Actor::actor_system() once the user's object is gone.

#include <atomic>
#include <memory>
#include <mutex>
#include <typeinfo>
#include <utility>
#include <vector>

#include "pykka/deadlock.hpp"
#include "pykka/registry.hpp"
#include "pykka/runtime.hpp"
#include "pykka/system.hpp"
#include "pykka/timers.hpp"

namespace pykka::detail {

class SystemCore {
 public:
  SystemCore();
  ~SystemCore();
  SystemCore(const SystemCore&) = delete;
  SystemCore& operator=(const SystemCore&) = delete;

  /// The ActorSystem to hand out for this core: the user's object while it lives, else `view`.
  [[nodiscard]] ActorSystem& facade() const noexcept {
    return *facade_.load(std::memory_order_acquire);
  }
  void set_facade(ActorSystem* system) noexcept {
    facade_.store(system != nullptr ? system : view_.get(), std::memory_order_release);
  }
  /// Makes the view: called once, right after the core is owned by a shared_ptr.
  void make_view(const std::shared_ptr<SystemCore>& self);

  /// Removes a stopping actor from the registry.
  void unregister_actor(ActorCell& cell) noexcept;
  /// Logs a dead letter at DEBUG and passes it to the hook, if any. Never throws.
  void report_dead_letter(ActorCell& recipient, const Message& message,
                          DeadLetterReason reason) noexcept;
  /// Replaces the dead-letter hook; returns the previous one.
  DeadLetterHook set_dead_letter_hook(DeadLetterHook hook);

  /// Asks every actor of the system to stop, last started first, without waiting.
  void stop_all_nonblocking() noexcept;

  Registry registry;
  std::atomic<DeadlockPolicy> deadlock_policy{DeadlockPolicy::report};

  std::mutex admission;    // held while admitting an actor and while shutdown begins
  bool shut_down = false;  // guarded by admission
  std::atomic<bool> shutting_down{false};

  Clock clock;  // its thread starts with the first timer

  std::mutex runtimes_mutex;
  std::vector<std::pair<const std::type_info*, std::unique_ptr<Runtime>>>
      runtimes;  // guarded by runtimes_mutex

 private:
  std::mutex dead_letter_mutex_;
  std::shared_ptr<const DeadLetterHook> dead_letter_hook_;  // guarded by dead_letter_mutex_

  std::unique_ptr<ActorSystem> view_;
  std::atomic<ActorSystem*> facade_{nullptr};
};

/// Returns every registered actor of every live system (for debug dumps).
std::vector<AnyActorRef> actors_of_every_system();

}  // namespace pykka::detail
