#pragma once

// pykka::ActorSystem: the owner of a set of actors — their registry, the runtimes that run them
// and their deadlock policy.
//
// Several systems in one process are isolated: a lookup, broadcast or stop_all in one never sees
// another's actors (refs still work across systems: an actor of one may ask an actor of another).
// A process-default system backs every Pykka spelling: pykka::start, the static ActorRegistry
// functions and pykka::set_deadlock_policy act on the *current* system, which is the system of
// the actor whose code runs on the calling context, else the default one. So an actor's own
// pykka::start calls start actors in its system, and a program that never names a system has
// exactly Pykka's single registry.
//
// Lifetime: destroying a system (or calling shutdown()) stops its actors, last started first,
// waiting a bounded time; actors that do not stop in that time are told to stop and left to
// finish on their own (logged at WARNING), and the system's state stays alive for them. After
// shutdown, start throws pykka::Error. The default system is never destroyed; process exit
// follows the runtimes' exit rules (see pykka/runtime/threading.hpp).
//
// Thread-safety: every member may be called from any thread, actors included, except that a
// system must not be destroyed by one of its own actors.

#include <chrono>
#include <memory>
#include <type_traits>
#include <typeinfo>
#include <utility>

#include "pykka/actor.hpp"
#include "pykka/actor_ref.hpp"
#include "pykka/dead_letters.hpp"
#include "pykka/deadlock.hpp"
#include "pykka/detail/actor_cell.hpp"
#include "pykka/detail/member_table.hpp"
#include "pykka/detail/type_name.hpp"
#include "pykka/registry.hpp"
#include "pykka/runtime.hpp"
#include "pykka/timers.hpp"

namespace pykka {

namespace detail {

template <class A>
void throw_null_pointer_of() {
  throw static_cast<A*>(nullptr);
}

// The class's identity, computed once (names are parsed from the compiler's signature text) and
// leaked on purpose: daemon actors may still use it during static destruction.
template <class A>
const ActorClassInfo& class_info_of() {
  static const ActorClassInfo* const info = [] {
    std::string qualified = type_name<A>();
    std::string name = unqualified(qualified);
    return new ActorClassInfo{&typeid(A), std::move(name), std::move(qualified),
                              &throw_null_pointer_of<A>, member_table_of<A>()};
  }();
  return *info;
}

/// Logs "Starting {actor}" (DEBUG).
void log_starting(const ActorCell& cell);

// Clears the thread-local "being constructed" marker even when the constructor throws.
class ConstructingScope {
 public:
  explicit ConstructingScope(ActorCell* cell) noexcept { ActorCell::set_constructing(cell); }
  ~ConstructingScope() { ActorCell::set_constructing(nullptr); }
  ConstructingScope(const ConstructingScope&) = delete;
  ConstructingScope& operator=(const ConstructingScope&) = delete;
};

// The launch options an actor class asks for: its use_daemon_thread and thread_stack_size.
template <class A>
LaunchOptions launch_options_of() {
  LaunchOptions options;
  if constexpr (requires { bool{A::use_daemon_thread}; }) options.daemon = A::use_daemon_thread;
  if constexpr (requires { std::size_t{A::thread_stack_size}; }) {
    options.stack_size = A::thread_stack_size;
  }
  return options;
}

}  // namespace detail

/// A class pykka::start can run: derived from pykka::Actor through a runtime base such as
/// pykka::ThreadingActor, which names its pykka::Runtime in `runtime_type`.
template <class A>
concept StartableActor = std::is_base_of_v<Actor, A> && requires {
  typename A::runtime_type;
} && std::is_base_of_v<Runtime, typename A::runtime_type>;

/// A set of actors with its own registry, runtimes and deadlock policy (see the header comment).
///
/// @code
///   pykka::ActorSystem system;
///   auto greeter = system.start<Greeter>("Hi");
///   greeter.ask<std::string>("Ann");
///   system.shutdown();  // or let the destructor do it
/// @endcode
class ActorSystem {
 public:
  /// Creates an empty system.
  ActorSystem();
  /// Shuts the system down (see shutdown()).
  ~ActorSystem();
  ActorSystem(const ActorSystem&) = delete;
  ActorSystem& operator=(const ActorSystem&) = delete;

  /// Returns the process-default system, which backs Pykka's static spellings. Never destroyed.
  [[nodiscard]] static ActorSystem& default_system();
  /// Returns the system of the actor whose code runs on the calling context, else the default
  /// system.
  [[nodiscard]] static ActorSystem& current() noexcept;

  /// Starts an actor of class A constructed from `args` in this system, and returns its ref.
  ///
  /// Steps, as in Pykka: (1) A is constructed in the calling thread — its exceptions propagate
  /// to the caller and nothing is registered; (2) the actor is registered in this system's
  /// registry; (3) A's runtime starts its loop, which runs on_start before any message. Throws
  /// pykka::Error if the system was shut down.
  template <class A, class... Args>
  requires StartableActor<A> && std::is_constructible_v<A, Args...> ActorRef<A> start(
      Args&&... args);

  /// Returns this system's registry.
  [[nodiscard]] Registry& registry() noexcept;

  /// Returns this system's instance of runtime R, creating it on first use.
  template <class R>
  requires std::is_base_of_v<Runtime, R> && std::is_default_constructible_v<R> R& runtime() {
    return static_cast<R&>(
        runtime_for(typeid(R), []() -> std::unique_ptr<Runtime> { return std::make_unique<R>(); }));
  }

  /// Returns this system's clock, which runs its timers (see pykka/timers.hpp). Its thread
  /// starts with the first timer; shutdown() cancels every pending timer.
  [[nodiscard]] Clock& clock() noexcept;

  /// Sets the hook that sees this system's dead letters (see pykka/dead_letters.hpp), replacing
  /// the previous one, which is returned; an empty function removes it. Thread-safe.
  /// @code
  ///   system.set_dead_letter_hook([](const pykka::DeadLetter& letter) {
  ///     std::cerr << "lost: " << letter.message << " to " << letter.recipient << "\n";
  ///   });
  /// @endcode
  DeadLetterHook set_dead_letter_hook(DeadLetterHook hook);

  /// Sets what a blocking wait on one of this system's actors does when it would close a wait
  /// cycle (see pykka/deadlock.hpp); affects waits that start afterwards.
  void set_deadlock_policy(DeadlockPolicy policy) noexcept;
  /// Returns this system's deadlock policy (DeadlockPolicy::report unless changed).
  [[nodiscard]] DeadlockPolicy deadlock_policy() const noexcept;

  /// Cancels the system's pending timers, then stops every actor of the system, last started first,
  /// each within what is left of `timeout` (default 5 s in all); refuses new actors from then on
  /// and shuts the runtimes down. Returns true if every actor stopped in time. Called from one of
  /// the system's own actors, it does not wait for that actor, which stops after its current
  /// message. Later calls return at once.
  template <class Rep = std::int64_t, class Period = std::ratio<1>>
  bool shutdown(std::chrono::duration<Rep, Period> timeout = std::chrono::seconds(5)) noexcept {
    try {
      return shutdown_for(detail::to_nanoseconds(timeout));
    } catch (...) {
      return shutdown_for(std::chrono::seconds(5));  // a negative or NaN timeout
    }
  }

  /// Returns true once shutdown() has begun.
  [[nodiscard]] bool is_shut_down() const noexcept;

  /// Internal: the shared state actors keep alive. Not API.
  [[nodiscard]] const std::shared_ptr<detail::SystemCore>& core() const noexcept { return core_; }

 private:
  struct Adopt {};
  ActorSystem(Adopt /*unused*/, std::shared_ptr<detail::SystemCore> core) noexcept;
  friend class detail::SystemCore;

  Runtime& runtime_for(const std::type_info& type, std::unique_ptr<Runtime> (*make)());
  std::shared_ptr<detail::ActorCell> new_cell(const detail::ActorClassInfo& info, Runtime& runtime);
  void admit(const AnyActorRef& ref);
  bool shutdown_for(std::chrono::nanoseconds timeout) noexcept;

  std::shared_ptr<detail::SystemCore> core_;
  bool owner_ = true;  // false for a core's own view, which never shuts the system down
};

template <class A, class... Args>
requires StartableActor<A> && std::is_constructible_v<A, Args...> ActorRef<A> ActorSystem::start(
    Args&&... args) {
  static_assert(!std::is_abstract_v<A>, "pykka::start<A>: A is abstract");
  Runtime& runtime = this->runtime<typename A::runtime_type>();
  auto cell = new_cell(detail::class_info_of<A>(), runtime);
  cell->adopt_parent();  // set by Actor::start_child
  {
    detail::ConstructingScope constructing(cell.get());
    try {
      cell->adopt(std::make_unique<A>(std::forward<Args>(args)...));
    } catch (...) {
      cell->abandon();  // a ref the constructor handed out now sees a dead actor
      throw;
    }
  }
  ActorRef<A> ref(cell);
  try {
    admit(ref);  // registers it, unless the system is shut down
  } catch (...) {
    cell->abandon();
    throw;
  }
  detail::log_starting(*cell);
  try {
    runtime.launch(cell, detail::launch_options_of<A>());
  } catch (...) {
    registry().unregister_actor(ref);
    cell->abandon();
    throw;
  }
  return ref;
}

template <class A, class... Args>
ActorRef<A> Actor::start_child(Args&&... args) {
  detail::ActorCell& parent = cell();
  parent.check_can_start_child();
  struct StartingScope {
    explicit StartingScope(detail::ActorCell* cell) noexcept {
      detail::ActorCell::set_starting_parent(cell);
    }
    ~StartingScope() { detail::ActorCell::set_starting_parent(nullptr); }
    StartingScope(const StartingScope&) = delete;
    StartingScope& operator=(const StartingScope&) = delete;
  } starting(&parent);
  ActorRef<A> child = actor_system().template start<A>(std::forward<Args>(args)...);
  parent.adopt_child(child.cell());
  return child;
}

}  // namespace pykka
