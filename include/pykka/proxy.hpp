#pragma once

// pykka::ActorProxy<A, T>: Pykka's actor proxy, statically typed. It turns member-pointer calls
// and field access into messages to the actor and futures of the results:
//
//   proxy.call(&C::m, args...)  -> Future<R>   an ask; the actor survives an exception, which
//                                               lands in the future
//   proxy.defer(&C::m, args...)                 a tell; an exception goes to on_failure and
//                                               stops the actor
//   proxy[&C::m](args...)       -> Future<R>   the same call, Pykka's CallableProxy spelling
//   proxy.get(&C::field)        -> Future<M>   an ask returning a copy
//   proxy.set(&C::field, value)                blocks until the actor has applied it
//   proxy.traverse(&C::member)  -> ActorProxy<A, M>  only for members marked traversable
//
// A is the actor class; T is the object the proxy points to: A itself, or a traversed member.
// Everything runs on the actor's context, in order with every other message. Misuse (a member
// of another class, wrong arguments, traversing an unmarked member) does not compile. Pick an
// overload with pykka::overload<int(int)>(&C::add); default arguments do not travel with a
// member pointer, so pass them all. An actor's proxy to itself (`actor_ref<Self>().proxy()`)
// schedules work after the messages already queued; never wait on its futures from inside.
//
// A proxy is an immutable value (a ref plus a shared, immutable path): copy it freely and use it
// from any thread. A call costs one message and one future, like ActorRef::ask: the message
// holds the member pointer and arguments inline when they fit in Message's 48 bytes.

#include <chrono>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "pykka/actor_ref.hpp"
#include "pykka/detail/member_table.hpp"
#include "pykka/detail/proxy_commands.hpp"
#include "pykka/detail/proxy_path.hpp"
#include "pykka/future.hpp"
#include "pykka/traversable.hpp"

namespace pykka {

template <class A, class T, class Pointer>
class CallableProxy;

namespace detail {
/// Throws Error for an empty ref, ActorDeadError("{actor} not found") for a dead actor.
void check_proxy_target(const ActorCell* cell);
/// Writes "<ActorProxy for {actor}, attr_path=[...]>".
std::ostream& print_proxy(std::ostream& out, const ActorCell* cell, const PathNode* path);
/// Returns the names along the path, from the actor outwards.
std::vector<std::string> path_names(const PathNode* path);
/// Hashes an actor and a path consistently with PathNode::same_path.
std::size_t hash_proxy(const ActorCell* cell, const PathNode* path) noexcept;

template <class X, class Y>
constexpr bool same_member(X x, Y y) noexcept {
  if constexpr (std::is_same_v<X, Y>) {
    return x == y;
  } else {
    return false;
  }
}

/// Returns the published name of `pointer` in T's table, or "<unnamed M>" (and false).
template <class T, class Pointer>
std::pair<std::string, bool> member_name(Pointer pointer) {
  if constexpr (PublishesMembers<T>) {
    std::string_view found;
    std::apply(
        [&](const auto&... entry) {
          (void)((same_member(entry.pointer, pointer) ? (found = entry.name, true) : false) || ...);
        },
        published_members<T>.entries);
    if (!found.empty()) return {std::string(found), true};
  }
  using M = std::remove_cv_t<typename DataMemberTraits<Pointer>::type>;
  return {"<unnamed " + unqualified(type_name<M>()) + ">", false};
}
}  // namespace detail

/// A proxy to actor class A's object T (A itself, or a traversed member of it).
///
/// @code
///   auto calculator = pykka::start<Calculator>().proxy();
///   pykka::Future<int> sum = calculator.call(&Calculator::add, 1, 3);
///   calculator.set(&Calculator::last_result, 17);            // blocks until applied
///   int last = calculator.get(&Calculator::last_result).get();
///   bool played = player.traverse(&Player::playback).call(&Playback::play).get();
/// @endcode
template <class A, class T>
class ActorProxy {
 public:
  /// The actor class.
  using actor_type = A;
  /// The class of the object the proxy points to.
  using object_type = T;

  /// Creates a proxy to the actor (same as `ref.proxy()`). Throws pykka::ActorDeadError
  /// ("{actor} not found") if the actor is dead, pykka::Error for an empty ref.
  explicit ActorProxy(const ActorRef<A>& ref) : cell_(ref.cell()) {
    static_assert(std::is_same_v<A, T>,
                  "pykka: only a proxy to the actor itself is made from a ref");
    detail::check_proxy_target(cell_.get());
  }

  /// Returns the actor's ref; usable after the actor died (e.g. to check is_alive()).
  [[nodiscard]] ActorRef<A> actor_ref() const noexcept { return ActorRef<A>(cell_); }

  /// Returns the names from the actor to the proxy's object (empty for the actor itself).
  [[nodiscard]] std::vector<std::string> attr_path() const {
    return detail::path_names(path_.get());
  }

  /// Calls `method(args...)` on the actor's context; never blocks. Returns a future of the
  /// result (Future<void> for void; references are copied), or of the exception it threw; a
  /// dead actor gives ActorDeadError in the future. Arguments are converted to the parameter
  /// types here and owned by the message.
  template <class Pointer, class... Args>
  auto call(Pointer method, Args&&... args) const {
    if constexpr (detail::check_method_call<T, Pointer, Args...>()) {
      using Result = detail::reply_t<typename detail::MethodTraits<Pointer>::result>;
      return actor_ref().template ask<Result>(
          detail::make_method_call(path(), method, std::forward<Args>(args)...), nonblocking);
    }
  }

  /// Calls `method(args...)` with tell semantics: no future; if it throws, the actor's
  /// on_failure runs and the actor stops. Never blocks; throws pykka::ActorDeadError if the
  /// actor is dead.
  template <class Pointer, class... Args>
  void defer(Pointer method, Args&&... args) const {
    if constexpr (detail::check_method_call<T, Pointer, Args...>()) {
      actor_ref().tell(detail::make_method_call(path(), method, std::forward<Args>(args)...));
    }
  }

  /// Returns a callable for `method` (Pykka's CallableProxy): `proxy[&C::m](args...)` calls
  /// it, `proxy[&C::m].defer(args...)` defers it.
  template <class Pointer>
  [[nodiscard]] CallableProxy<A, T, Pointer> operator[](Pointer method) const {
    static_assert(detail::is_proxy_method_v<Pointer>,
                  "pykka: proxy[...] takes a pointer to a member function");
    return CallableProxy<A, T, Pointer>(*this, method);
  }

  /// Reads data member `field` on the actor's context; never blocks. Returns a future of a
  /// copy (ActorDeadError in it if the actor is dead).
  template <class Pointer>
  auto get(Pointer field) const {
    detail::check_field<T, Pointer>();
    using Command = detail::FieldGetCommand<Path, Pointer>;
    return actor_ref().template ask<typename Command::Result>(Command{path(), field}, nonblocking);
  }

  /// Assigns `value` to data member `field` and blocks until the actor has applied it.
  /// Rethrows what the assignment threw; throws pykka::ActorDeadError if the actor is dead or
  /// stops first.
  template <class Pointer, class V>
  void set(Pointer field, V&& value) const {
    std::move(send_set(field, std::forward<V>(value))).get();
  }

  /// Like set(field, value), but throws pykka::Timeout if not applied within `timeout` (the
  /// write may still happen later).
  template <class Pointer, class V, class Rep, class Period>
  void set(Pointer field, V&& value, std::chrono::duration<Rep, Period> timeout) const {
    std::move(send_set(field, std::forward<V>(value))).get(timeout);
  }

  /// Returns a proxy to member `field`, which must be marked traversable (see
  /// pykka/traversable.hpp). Throws pykka::ActorDeadError if the actor is dead.
  template <class Pointer>
  auto traverse(Pointer field) const {
    detail::check_field<T, Pointer>();
    using M = typename detail::DataMemberTraits<Pointer>::type;
    static_assert(
        is_traversable_v<M>,
        "pykka: traverse() needs a member marked traversable: declare it as "
        "pykka::Traversable<T>, specialise pykka::enable_traversable<T> = true, or give T "
        "`static constexpr bool pykka_traversable = true;`");
    using Target = traversal_target_t<M>;
    auto [name, named] = detail::member_name<T>(field);
    auto node = std::make_shared<const detail::MemberStep<T, Pointer>>(
        path_, &detail::actor_as_owner<A>, field, std::move(name), named);
    return ActorProxy<A, Target>(cell_, std::move(node));
  }

  /// Returns true if both point to the same object of the same actor.
  friend bool operator==(const ActorProxy& a, const ActorProxy& b) noexcept {
    return a.cell_ == b.cell_ && detail::PathNode::same_path(a.path_.get(), b.path_.get());
  }

  /// Writes `<ActorProxy for Calculator (urn:uuid:…), attr_path=['playback']>`.
  friend std::ostream& operator<<(std::ostream& out, const ActorProxy& proxy) {
    return detail::print_proxy(out, proxy.cell_.get(), proxy.path_.get());
  }

  /// Internal: the traversal path (null for the actor itself). Not API.
  [[nodiscard]] const detail::PathNode* path_node() const noexcept { return path_.get(); }
  /// Internal: the actor's control block. Not API.
  [[nodiscard]] const detail::ActorCell* cell() const noexcept { return cell_.get(); }

 private:
  template <class, class>
  friend class ActorProxy;

  using Path = std::conditional_t<std::is_same_v<A, T>, detail::RootPath<A>, detail::NodePath<T>>;

  ActorProxy(std::shared_ptr<detail::ActorCell> cell, std::shared_ptr<const detail::PathNode> path)
      : cell_(std::move(cell)), path_(std::move(path)) {
    detail::check_proxy_target(cell_.get());
  }

  [[nodiscard]] Path path() const noexcept {
    if constexpr (std::is_same_v<A, T>) {
      return Path{};
    } else {
      return Path{path_};
    }
  }

  template <class Pointer, class V>
  Future<void> send_set(Pointer field, V&& value) const {
    detail::check_field<T, Pointer>();
    using Command = detail::FieldSetCommand<Path, Pointer>;
    using M = typename detail::DataMemberTraits<Pointer>::type;
    static_assert(std::is_assignable_v<M&, typename Command::Value>,
                  "pykka: set() needs an assignable (non-const) data member");
    return actor_ref().template ask<void>(
        Command{path(), field, typename Command::Value(std::forward<V>(value))}, nonblocking);
  }

  // The cell rather than an ActorRef<A>, so an actor class may hold a proxy to itself while it is
  // still incomplete.
  std::shared_ptr<detail::ActorCell> cell_;
  std::shared_ptr<const detail::PathNode> path_;  // null when T is the actor itself
};

/// One method of a proxied object, not yet called (Pykka's CallableProxy).
///
/// @code
///   auto work = proxy[&Worker::do_work];
///   work.defer(42);                          // tell semantics
///   pykka::Future<int> done = work(42);      // ask semantics
/// @endcode
template <class A, class T, class Pointer>
class CallableProxy {
 public:
  /// Creates the callable; usually obtained with `proxy[&C::method]`.
  CallableProxy(ActorProxy<A, T> proxy, Pointer method) noexcept
      : proxy_(std::move(proxy)), method_(method) {}

  /// Calls the method with ask semantics (see ActorProxy::call).
  template <class... Args>
  auto operator()(Args&&... args) const {
    return proxy_.call(method_, std::forward<Args>(args)...);
  }

  /// Calls the method with tell semantics (see ActorProxy::defer).
  template <class... Args>
  void defer(Args&&... args) const {
    proxy_.defer(method_, std::forward<Args>(args)...);
  }

  /// Returns the proxy the method belongs to.
  [[nodiscard]] const ActorProxy<A, T>& proxy() const noexcept { return proxy_; }

 private:
  ActorProxy<A, T> proxy_;
  Pointer method_;
};

template <class A>
ActorProxy<A> ActorRef<A>::proxy() const {
  return ActorProxy<A>(*this);
}

}  // namespace pykka

/// Hashes a proxy by its actor and path (consistent with ==).
template <class A, class T>
struct std::hash<pykka::ActorProxy<A, T>> {
  /// Returns the hash of the proxy's actor and attribute path; equal proxies hash equally.
  std::size_t operator()(const pykka::ActorProxy<A, T>& proxy) const noexcept {
    return pykka::detail::hash_proxy(proxy.cell(), proxy.path_node());
  }
};
