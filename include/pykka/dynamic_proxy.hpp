#pragma once

// pykka::DynamicProxy: a proxy addressed by names instead of member pointers, made from a
// type-erased ref (AnyActorRef). It reaches the members the actor class publishes (see
// pykka/members.hpp) and sends Pykka's name-based messages (ProxyCall, ProxyGetAttr,
// ProxySetAttr), so values travel as type-erased Messages. It is the shape remote actors and
// other languages use; from C++ with a typed ref, prefer the typed ActorProxy.
//
// Names are checked on the caller's side against the actor class's published table as the path
// is built: an unknown or underscore-prefixed name throws pykka::AttributeError
// ("<ActorProxy for …, attr_path=[]> has no attribute 'x'"), as Pykka's proxy does. Argument
// types are checked by the actor; a mismatch lands in the future as pykka::TypeError.
//
// A DynamicProxy is an immutable value: copy it freely and use it from any thread.

#include <chrono>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string_view>
#include <utility>

#include "pykka/actor_ref.hpp"
#include "pykka/future.hpp"
#include "pykka/messages.hpp"

namespace pykka {

namespace detail {
struct MemberTable;
struct MemberEntry;
}  // namespace detail

/// A name-addressed proxy to any actor whose class publishes members.
///
/// @code
///   pykka::DynamicProxy calculator(any_ref);
///   pykka::Message sum = calculator["add"](1, 3).get();            // holds int 4
///   calculator["last_result"].set(17);                              // blocks until applied
///   bool played = player["playback"]["play"]().get().as<bool>();    // traversal by name
/// @endcode
class DynamicProxy {
 public:
  /// Creates a proxy to the actor. Throws pykka::ActorDeadError if it is dead, pykka::Error
  /// for an empty ref.
  explicit DynamicProxy(AnyActorRef ref);

  /// Returns the actor's ref; usable after the actor died.
  [[nodiscard]] const AnyActorRef& actor_ref() const noexcept { return ref_; }
  /// Returns the names from the actor to the proxied member (empty for the actor itself).
  [[nodiscard]] const AttrPath& attr_path() const noexcept { return path_; }

  /// Returns a proxy to the published member `name` of this proxy's object. Throws
  /// pykka::AttributeError if there is none, if it starts with "_", or if this proxy's object
  /// is not traversable; pykka::ActorDeadError if the member is traversable (a proxy of its
  /// own, as in Pykka) and the actor is dead.
  [[nodiscard]] DynamicProxy attr(std::string_view name) const;
  /// Same as attr(name).
  [[nodiscard]] DynamicProxy operator[](std::string_view name) const { return attr(name); }

  /// Calls the proxied method with ask semantics; never blocks. Returns a future of its
  /// result as a Message (TypeError in it if the arguments do not fit). Throws
  /// pykka::TypeError at once if the proxied member is not a method.
  template <class... Args>
  Future<Message> call(Args&&... arguments) const {
    check_method();
    return ref_.ask(ProxyCall{path_, args(std::forward<Args>(arguments)...)}, nonblocking);
  }
  /// Same as call(args...).
  template <class... Args>
  Future<Message> operator()(Args&&... arguments) const {
    return call(std::forward<Args>(arguments)...);
  }
  /// Calls the proxied method with tell semantics: no future; an exception (including
  /// mismatched arguments) goes to on_failure and stops the actor. Throws pykka::TypeError if
  /// the member is not a method, pykka::ActorDeadError if the actor is dead.
  template <class... Args>
  void defer(Args&&... arguments) const {
    check_method();
    ref_.tell(ProxyCall{path_, args(std::forward<Args>(arguments)...)});
  }

  /// Reads the proxied data member; never blocks. Returns a future of a copy. Throws
  /// pykka::TypeError at once if the member is a method or the proxy is the actor itself.
  [[nodiscard]] Future<Message> get() const;

  /// Assigns `value` to the proxied data member and blocks until applied. Throws
  /// pykka::AttributeError at once if the member is a method (as Pykka does), TypeError if the
  /// value has another type than the member, ActorDeadError if the actor is dead.
  template <class V>
  void set(V&& value) const {
    check_settable();
    ref_.ask<void>(ProxySetAttr{path_, Message(std::forward<V>(value))});
  }

  /// Returns true if both point to the same member (by path) of the same actor.
  friend bool operator==(const DynamicProxy& a, const DynamicProxy& b) noexcept {
    return a.ref_ == b.ref_ && a.path_ == b.path_;
  }
  /// Writes `<ActorProxy for Calculator (urn:uuid:…), attr_path=['playback']>`.
  friend std::ostream& operator<<(std::ostream& out, const DynamicProxy& proxy);

 private:
  DynamicProxy(const DynamicProxy& parent, std::string_view name);
  void check_method() const;
  void check_field() const;
  void check_settable() const;

  AnyActorRef ref_;
  AttrPath path_;
  const detail::MemberTable* members_ = nullptr;  // where names below this proxy are looked up
  const detail::MemberEntry* entry_ = nullptr;    // the member proxied (null: the actor itself)
};

}  // namespace pykka

/// Hashes a dynamic proxy by its actor and path (consistent with ==).
template <>
struct std::hash<pykka::DynamicProxy> {
  /// Returns the hash of the proxy's actor and attribute path; equal proxies hash equally.
  std::size_t operator()(const pykka::DynamicProxy& proxy) const noexcept;
};
