#pragma once

// pykka's own proxy messages, public so a caller can `tell` or `ask` them directly without
// building a proxy (as Pykka documents it, an optimisation for special cases).
//
// Name-based, like Pykka's: ProxyCall, ProxyGetAttr and ProxySetAttr carry an attribute path of
// names and type-erased values, and reach members the actor class publishes (pykka/members.hpp)
// — including names starting with "_", which proxies hide. They are what remote peers and other
// languages can send.
//
// Typed: pykka::proxy_call / proxy_get_attr / proxy_set_attr build the messages a typed proxy
// sends, from member pointers, checked at compile time and allocation-free when small.
//
// Every message runs on the actor's context, in order with all its other messages. With ask,
// an exception (AttributeError, TypeError, or whatever the member throws) lands in the future
// and the actor keeps running; with tell it goes to on_failure and stops the actor.

#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "pykka/actor.hpp"
#include "pykka/detail/proxy_commands.hpp"
#include "pykka/members.hpp"
#include "pykka/message.hpp"

namespace pykka {

/// The path from an actor to one of its (possibly nested) members, as names.
using AttrPath = std::vector<std::string>;

/// Returns the arguments as type-erased values for ProxyCall (Message is move-only, so a
/// braced list of Messages cannot be used).
template <class... Args>
std::vector<Message> args(Args&&... values) {
  std::vector<Message> list;
  list.reserve(sizeof...(Args));
  (list.emplace_back(std::forward<Args>(values)), ...);
  return list;
}

/// Asks the actor to call the published method at `attr_path` with `args`; the reply is the
/// method's return value (None for void).
/// @code
///   int sum = ref.ask<int>(pykka::ProxyCall{.attr_path = {"add"}, .args = pykka::args(1, 3)});
/// @endcode
struct ProxyCall {
  /// Marks this as a message the actor executes itself.
  static constexpr bool pykka_command = true;
  /// Names from the actor to the method: traversable members, then the method.
  AttrPath attr_path{};
  /// Positional arguments; each must hold exactly the parameter's type without const and
  /// reference (std::string for a std::string_view parameter).
  std::vector<Message> args{};

  /// Runs on the actor's context. Throws AttributeError for an unknown name, TypeError for
  /// arguments that do not fit, or whatever the method throws.
  Message execute(Actor& actor);
};

/// Asks the actor for a copy of the published data member at `attr_path`.
struct ProxyGetAttr {
  /// Marks this as a message the actor executes itself.
  static constexpr bool pykka_command = true;
  /// Names from the actor to the data member.
  AttrPath attr_path{};

  /// Runs on the actor's context. Throws AttributeError or TypeError.
  Message execute(Actor& actor);
};

/// Asks the actor to assign `value` to the published data member at `attr_path`.
struct ProxySetAttr {
  /// Marks this as a message the actor executes itself.
  static constexpr bool pykka_command = true;
  /// Names from the actor to the data member.
  AttrPath attr_path{};
  /// The new value; must hold exactly the member's type.
  Message value{};

  /// Runs on the actor's context. Throws AttributeError or TypeError.
  void execute(Actor& actor);
};

/// Writes `ProxyCall(attr_path=['add'], args=(1, 3))`.
std::ostream& operator<<(std::ostream& out, const ProxyCall& message);
/// Writes `ProxyGetAttr(attr_path=['last_result'])`.
std::ostream& operator<<(std::ostream& out, const ProxyGetAttr& message);
/// Writes `ProxySetAttr(attr_path=['last_result'], value=17)`.
std::ostream& operator<<(std::ostream& out, const ProxySetAttr& message);

/// Returns a typed message calling `method(args...)` on the actor (the reply is its result).
/// The actor must be a C (the method's class), else the reply is a TypeError.
/// @code
///   int sum = ref.ask<int>(pykka::proxy_call(&Calculator::add, 1, 3));
/// @endcode
template <class R, class C, class... Args>
auto proxy_call(R C::*method, Args&&... arguments) {
  if constexpr (detail::check_method_call<C, R C::*, Args...>()) {
    return detail::make_method_call(detail::CheckedRootPath<C>{}, method,
                                    std::forward<Args>(arguments)...);
  }
}

/// Returns a typed message reading data member `field` of the actor (the reply is a copy).
template <class M, class C>
auto proxy_get_attr(M C::*field) {
  detail::check_field<C, M C::*>();
  return detail::FieldGetCommand<detail::CheckedRootPath<C>, M C::*>{{}, field};
}

/// Returns a typed message assigning `value` to data member `field` of the actor.
template <class M, class C, class V>
auto proxy_set_attr(M C::*field, V&& value) {
  detail::check_field<C, M C::*>();
  using Command = detail::FieldSetCommand<detail::CheckedRootPath<C>, M C::*>;
  return Command{{}, field, typename Command::Value(std::forward<V>(value))};
}

}  // namespace pykka
