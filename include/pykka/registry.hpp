#pragma once

// pykka::Registry: the running actors of one actor system, in start order; and
// pykka::ActorRegistry, Pykka's static spelling of the same functions.
//
// pykka::start registers every actor before its on_start runs; an actor is unregistered when it
// stops or fails. Every function is thread-safe; lookups return snapshots, so an actor found may
// have stopped by the time it is used (its ref then reports it dead). A system's registry sees
// only that system's actors: a lookup, broadcast or stop_all never reaches another system.
//
// ActorRegistry's static functions act on the current system's registry: that of the actor whose
// code is running on the calling context, else the process-default system's (see
// pykka/system.hpp). Programs with one system never need to think about it.

#include <chrono>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "pykka/actor_ref.hpp"
#include "pykka/future.hpp"

namespace pykka {

/// The registry of one actor system (Pykka's ActorRegistry, as an object).
///
/// @code
///   pykka::ActorSystem system;
///   auto greeter = system.start<Greeter>();
///   for (auto& ref : system.registry().get_by_class<Greeter>()) ref.tell(std::string("hi"));
///   system.registry().stop_all();  // last started, first stopped
/// @endcode
class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  /// Adds a ref (done by start). Registering an actor twice keeps one entry.
  void register_actor(const AnyActorRef& ref);
  /// Removes a ref (done when the actor stops). Unknown refs are ignored (logged at DEBUG).
  void unregister_actor(const AnyActorRef& ref);

  /// Returns every running actor, in the order they were started.
  [[nodiscard]] std::vector<AnyActorRef> get_all() const;

  /// Returns every running actor whose class is A or derives from A, in start order.
  template <class A>
  [[nodiscard]] std::vector<ActorRef<A>> get_by_class() const {
    std::vector<ActorRef<A>> found;
    for (auto& ref : get_all()) {
      if (ref.cell()->template is_instance_of<A>())
        found.emplace_back(std::move(ref).release_cell());
    }
    return found;
  }

  /// Returns every running actor whose class name is exactly `name` (unqualified, e.g.
  /// "Greeter", or fully qualified, e.g. "app::Greeter").
  [[nodiscard]] std::vector<AnyActorRef> get_by_class_name(std::string_view name) const;

  /// Returns the actor with this URN, or std::nullopt if no running actor has it.
  [[nodiscard]] std::optional<AnyActorRef> get_by_urn(std::string_view urn) const;

  /// Sends a copy of `message` with tell to every running actor of class A (default: all).
  /// Actors that die meanwhile are skipped.
  template <class A = Actor, class M>
  void broadcast(const M& message) const {
    for (auto& ref : get_by_class<A>()) send_copy(ref, message);
  }

  /// Sends a copy of `message` with tell to every running actor with this class name.
  template <class M>
  void broadcast(const M& message, std::string_view class_name) const {
    for (auto& ref : get_by_class_name(class_name)) send_copy(ref, message);
  }

  /// Stops every running actor, last started first, each one before the next. Returns each
  /// stop's result, in stopping order.
  std::vector<bool> stop_all();
  /// Like stop_all(), but each stop throws pykka::Timeout if it takes longer than `timeout`.
  template <class Rep, class Period>
  std::vector<bool> stop_all(std::chrono::duration<Rep, Period> timeout) {
    return stop_all_for(detail::to_nanoseconds(timeout));
  }
  /// Asks every running actor to stop, last started first, without waiting; returns a future
  /// for each, in stopping order.
  std::vector<Future<bool>> stop_all(Nonblocking /*unused*/);

 private:
  friend class ActorRegistry;
  struct Store;

  std::vector<bool> stop_all_for(std::optional<std::chrono::nanoseconds> timeout);

  template <class A, class M>
  static void send_copy(const ActorRef<A>& ref, const M& message) {
    try {
      ref.tell(M(message));
    } catch (const ActorDeadError&) {
      // The actor stopped after the snapshot was taken; a broadcast skips it.
    }
  }

  std::unique_ptr<Store> store_;
};

/// Pykka's ActorRegistry: static functions on the current system's registry (see above).
///
/// @code
///   for (auto& ref : pykka::ActorRegistry::get_by_class<Greeter>()) ref.tell(std::string("hi"));
///   pykka::ActorRegistry::stop_all();  // last started, first stopped
/// @endcode
class ActorRegistry {
 public:
  ActorRegistry() = delete;

  /// Returns the registry these functions act on now: the current system's.
  [[nodiscard]] static Registry& current();

  /// Adds a ref (done by pykka::start). Registering an actor twice keeps one entry.
  static void register_actor(const AnyActorRef& ref) { current().register_actor(ref); }
  /// Removes a ref (done when the actor stops). Unknown refs are ignored (logged at DEBUG).
  static void unregister_actor(const AnyActorRef& ref) { current().unregister_actor(ref); }

  /// Returns every running actor, in the order they were started.
  static std::vector<AnyActorRef> get_all() { return current().get_all(); }

  /// Returns every running actor whose class is A or derives from A, in start order.
  template <class A>
  static std::vector<ActorRef<A>> get_by_class() {
    return current().get_by_class<A>();
  }

  /// Returns every running actor whose class name is exactly `name` (unqualified, e.g.
  /// "Greeter", or fully qualified, e.g. "app::Greeter").
  static std::vector<AnyActorRef> get_by_class_name(std::string_view name) {
    return current().get_by_class_name(name);
  }

  /// Returns the actor with this URN, or std::nullopt if no running actor has it.
  static std::optional<AnyActorRef> get_by_urn(std::string_view urn) {
    return current().get_by_urn(urn);
  }

  /// Sends a copy of `message` with tell to every running actor of class A (default: all).
  /// Actors that die meanwhile are skipped.
  template <class A = Actor, class M>
  static void broadcast(const M& message) {
    current().broadcast<A>(message);
  }

  /// Sends a copy of `message` with tell to every running actor with this class name.
  template <class M>
  static void broadcast(const M& message, std::string_view class_name) {
    current().broadcast(message, class_name);
  }

  /// Stops every running actor, last started first, each one before the next. Returns each
  /// stop's result, in stopping order.
  static std::vector<bool> stop_all() { return current().stop_all(); }
  /// Like stop_all(), but each stop throws pykka::Timeout if it takes longer than `timeout`.
  template <class Rep, class Period>
  static std::vector<bool> stop_all(std::chrono::duration<Rep, Period> timeout) {
    return current().stop_all(timeout);
  }
  /// Asks every running actor to stop, last started first, without waiting; returns a future
  /// for each, in stopping order.
  static std::vector<Future<bool>> stop_all(Nonblocking /*unused*/) {
    return current().stop_all(nonblocking);
  }
};

}  // namespace pykka
