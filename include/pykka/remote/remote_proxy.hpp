#pragma once

// pykka::remote::RemoteProxy<A>: the typed spelling of Pykka's proxy for an actor on another
// node. It turns member-pointer calls and field access into the name-based proxy messages
// (pykka::ProxyCall, ProxyGetAttr, ProxySetAttr), which cross the wire, and futures of the
// results:
//
//   auto calculator = pykka::remote::proxy<Calculator>(node.lookup("calculator", "node-b"));
//   pykka::Future<int> sum = calculator.call(&Calculator::add, 1, 3);   // an ask
//   calculator.defer(&Calculator::reset);                                // a tell
//   int last = calculator.get(&Calculator::last_result).get();
//   calculator.set(&Calculator::last_result, 0);                         // blocks until applied
//
// A is the remote actor's class: its definition must be visible here and it must publish the
// members used by name (PYKKA_MEMBERS or a pykka_members() table, see pykka/members.hpp), since
// the name, not the member pointer, is what travels. Arguments, results and field values must
// be registered wire types (see pykka/remote/wire.hpp). The checks a local proxy makes at
// compile time (a member of A, the number and types of the arguments) are made here too; a
// member A does not publish throws pykka::AttributeError at the call, before anything is sent.
//
// Semantics are those of the RemoteRef underneath: a call's future completes with the result,
// with the exception the method threw (as pykka::RemoteError, or its registered type), with
// pykka::ActorDeadError if nobody serves the actor, or with pykka::Timeout after the node's
// ask_timeout. A proxy is an immutable value: copy it freely and use it from any thread.

#include <chrono>
#include <ostream>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "pykka/future.hpp"
#include "pykka/members.hpp"
#include "pykka/message.hpp"
#include "pykka/messages.hpp"
#include "pykka/proxy.hpp"
#include "pykka/remote/remote_ref.hpp"

namespace pykka::remote {

/// A typed proxy to an actor of class A served by another node (see the header comment).
template <class A>
class RemoteProxy {
  static_assert(PublishesMembers<A>,
                "pykka: a RemoteProxy needs a class that publishes its members by name "
                "(PYKKA_MEMBERS or a pykka_members() table), since names travel, not pointers");

 public:
  /// Wraps `ref`, which must refer to an actor of class A (not checked: nothing is sent).
  explicit RemoteProxy(RemoteRef ref) : ref_(std::move(ref)) {}

  /// Calls `method(args...)` on the remote actor and returns a future of its result
  /// (Future<void> for void). Throws pykka::AttributeError if A does not publish `method`, and
  /// what RemoteRef::ask throws at the sender (an unregistered type, an oversized frame).
  template <class Pointer, class... Args>
  auto call(Pointer method, Args&&... args) const {
    if constexpr (pykka::detail::check_method_call<A, Pointer, Args...>()) {
      using Result = pykka::detail::reply_t<typename pykka::detail::MethodTraits<Pointer>::result>;
      return ref_.template ask<Result>(make_call(method, std::forward<Args>(args)...), nonblocking);
    }
  }

  /// Calls `method(args...)` with tell semantics (at-most-once, no reply): if it throws, the
  /// remote actor's on_failure runs and it stops.
  template <class Pointer, class... Args>
  void defer(Pointer method, Args&&... args) const {
    if constexpr (pykka::detail::check_method_call<A, Pointer, Args...>()) {
      ref_.tell(make_call(method, std::forward<Args>(args)...));
    }
  }

  /// Reads data member `field` on the remote actor; returns a future of a copy.
  template <class Pointer>
  auto get(Pointer field) const {
    pykka::detail::check_field<A, Pointer>();
    using M = std::remove_cv_t<typename pykka::detail::DataMemberTraits<Pointer>::type>;
    return ref_.template ask<M>(ProxyGetAttr{{name_of(field)}}, nonblocking);
  }

  /// Assigns `value` to data member `field` on the remote actor and blocks until it has applied
  /// it, or the node's ask_timeout passed (then pykka::Timeout).
  template <class Pointer, class V>
  void set(Pointer field, V&& value) const {
    (void)ref_.ask(make_set(field, std::forward<V>(value)));
  }

  /// Like set(field, value), but throws pykka::Timeout if not applied within `timeout` (the
  /// write may still happen later).
  template <class Pointer, class V, class Rep, class Period>
  void set(Pointer field, V&& value, std::chrono::duration<Rep, Period> timeout) const {
    (void)ref_.ask(make_set(field, std::forward<V>(value)), timeout);
  }

  /// Returns the remote ref underneath.
  [[nodiscard]] const RemoteRef& ref() const noexcept { return ref_; }

  /// Returns true if both proxies refer to the same remote address.
  friend bool operator==(const RemoteProxy& a, const RemoteProxy& b) noexcept {
    return a.ref_ == b.ref_;
  }

  /// Writes "<RemoteProxy for RemoteRef(name @ node)>".
  friend std::ostream& operator<<(std::ostream& out, const RemoteProxy& proxy) {
    return out << "<RemoteProxy for " << proxy.ref_ << ">";
  }

 private:
  template <class Pointer>
  static std::string name_of(Pointer pointer) {
    std::string_view found;
    std::apply(
        [&](const auto&... entry) {
          (void)((pykka::detail::same_member(entry.pointer, pointer) ? (found = entry.name, true)
                                                                     : false) ||
                 ...);
        },
        pykka::detail::published_members<A>.entries);
    if (found.empty()) {
      throw AttributeError("'" + pykka::detail::unqualified(pykka::detail::type_name<A>()) +
                           "' does not publish this member by name: add it to its "
                           "PYKKA_MEMBERS to reach it from another node");
    }
    return std::string(found);
  }

  template <class Pointer, class... Args>
  static ProxyCall make_call(Pointer method, Args&&... args) {
    ProxyCall call{{name_of(method)}, {}};
    call.args.reserve(sizeof...(Args));
    [&]<std::size_t... J>(std::index_sequence<J...>) {
      (call.args.emplace_back(pykka::detail::stored_param_t<pykka::detail::param_t<Pointer, J>>(
           std::forward<Args>(args))),
       ...);
    }
    (std::make_index_sequence<sizeof...(Args)>{});
    return call;
  }

  template <class Pointer, class V>
  static ProxySetAttr make_set(Pointer field, V&& value) {
    pykka::detail::check_field<A, Pointer>();
    using M = std::remove_cv_t<typename pykka::detail::DataMemberTraits<Pointer>::type>;
    static_assert(std::is_constructible_v<M, V&&>,
                  "pykka: the value cannot be converted to the data member's type");
    return ProxySetAttr{{name_of(field)}, Message(M(std::forward<V>(value)))};
  }

  RemoteRef ref_;
};

/// Returns a typed proxy to the actor of class A that `ref` refers to.
/// @code
///   auto calculator = pykka::remote::proxy<Calculator>(node.lookup("calculator", "node-b"));
/// @endcode
template <class A>
[[nodiscard]] RemoteProxy<A> proxy(RemoteRef ref) {
  return RemoteProxy<A>(std::move(ref));
}

}  // namespace pykka::remote
