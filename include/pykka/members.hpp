#pragma once

// Name-addressable members: how a class publishes its methods and fields by name, so that
// name-based messages (pykka::ProxyCall, ProxyGetAttr, ProxySetAttr), pykka::DynamicProxy and
// anything that only has names (remote peers, other languages) can reach them.
//
// A class publishes once, at compile time; nothing is built or looked up per typed call:
//
//   class Calculator : public pykka::ThreadingActor {
//    public:
//     int add(int a, int b);
//     int last_result = 0;
//     PYKKA_MEMBERS(Calculator, add, last_result)   // names = the C++ identifiers
//   };
//
// or, to pick overloads, rename, or extend a base class's list, a constexpr table:
//
//     static constexpr auto pykka_members() {
//       return pykka::members(
//           Base::pykka_members(),
//           pykka::member("add", pykka::overload<int(int, int)>(&Calculator::add)));
//     }
//
// and for a class you cannot edit, a specialisation of pykka::Members<T> with `table()`.
// As in Pykka, names starting with "_" are hidden from proxies but reachable by raw messages.
// Tables are immutable static data: safe to read from any thread.

#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "pykka/errors.hpp"

namespace pykka {

/// Thrown when a name does not denote a published member, e.g.
/// `'Calculator' object has no attribute 'x'` (Pykka's AttributeError).
class AttributeError : public Error {
 public:
  using Error::Error;
};

/// One published member: its name and its member pointer (method or data member).
template <class P>
struct Member {
  static_assert(std::is_member_pointer_v<P>, "pykka::Member needs a member pointer");
  /// The member pointer type.
  using pointer_type = P;
  /// The name callers use.
  std::string_view name;
  /// The member.
  P pointer;
};

/// Returns a table entry publishing `pointer` under `name`.
/// @code
///   pykka::member("add", &Calculator::add)
/// @endcode
template <class P>
constexpr Member<P> member(std::string_view name, P pointer) noexcept {
  return Member<P>{name, pointer};
}

/// A compile-time list of published members (what pykka::members returns).
template <class... Ps>
struct MemberList {
  /// The entries, in declaration order; for overloads, the first match wins.
  std::tuple<Member<Ps>...> entries;
};

namespace detail {
template <class P>
constexpr std::tuple<Member<P>> member_tuple(const Member<P>& entry) noexcept {
  return std::tuple<Member<P>>(entry);
}
template <class... Ps>
constexpr std::tuple<Member<Ps>...> member_tuple(const MemberList<Ps...>& list) noexcept {
  return list.entries;
}
template <class... Ps>
constexpr MemberList<Ps...> to_member_list(std::tuple<Member<Ps>...> entries) noexcept {
  return MemberList<Ps...>{entries};
}
}  // namespace detail

/// Returns the list of the given entries and lists (a base class's list is spliced in whole).
template <class... Parts>
constexpr auto members(const Parts&... parts) noexcept {
  return detail::to_member_list(std::tuple_cat(detail::member_tuple(parts)...));
}

/// Returns `pointer` unchanged; names one overload: `pykka::overload<int(int, int)>(&C::add)`,
/// `pykka::overload<int() const>(&C::total)`.
template <class Signature, class C>
constexpr auto overload(Signature C::*pointer) noexcept {
  static_assert(std::is_function_v<Signature>, "pykka::overload<Signature>: give a function type");
  return pointer;
}

/// Publishes members of classes you cannot edit: specialise with
/// `static constexpr auto table() { return pykka::members(...); }`.
template <class T>
struct Members {};

namespace detail {
template <class T>
concept HasMembersTrait = requires {
  Members<T>::table();
};
template <class T>
concept HasMembersFunction = requires {
  T::pykka_members();
};
}  // namespace detail

/// True if T publishes members, by `pykka::Members<T>::table()` or `T::pykka_members()`.
template <class T>
concept PublishesMembers = detail::HasMembersTrait<T> || detail::HasMembersFunction<T>;

/// Returns T's published member list (the specialisation wins over the static function).
template <PublishesMembers T>
constexpr auto members_of() noexcept {
  if constexpr (detail::HasMembersTrait<T>) {
    return Members<T>::table();
  } else {
    return T::pykka_members();
  }
}

}  // namespace pykka

// Implementation of PYKKA_MEMBERS: expands to one pykka::member(...) per name, comma-separated.
// Each name costs one rescan; the nested rescans give 4 * 4 * 4 = 64, so up to 64 names.
#define PYKKA_DETAIL_PARENS ()
#define PYKKA_DETAIL_RESCAN(...) \
  PYKKA_DETAIL_RESCAN3(          \
      PYKKA_DETAIL_RESCAN3(PYKKA_DETAIL_RESCAN3(PYKKA_DETAIL_RESCAN3(__VA_ARGS__))))
#define PYKKA_DETAIL_RESCAN3(...) \
  PYKKA_DETAIL_RESCAN2(           \
      PYKKA_DETAIL_RESCAN2(PYKKA_DETAIL_RESCAN2(PYKKA_DETAIL_RESCAN2(__VA_ARGS__))))
#define PYKKA_DETAIL_RESCAN2(...) \
  PYKKA_DETAIL_RESCAN1(           \
      PYKKA_DETAIL_RESCAN1(PYKKA_DETAIL_RESCAN1(PYKKA_DETAIL_RESCAN1(__VA_ARGS__))))
#define PYKKA_DETAIL_RESCAN1(...) __VA_ARGS__
#define PYKKA_DETAIL_EACH_MEMBER(Class, ...) \
  __VA_OPT__(PYKKA_DETAIL_RESCAN(PYKKA_DETAIL_EACH_STEP(Class, __VA_ARGS__)))
#define PYKKA_DETAIL_EACH_STEP(Class, name, ...) \
  ::pykka::member(#name, &Class::name)           \
      __VA_OPT__(, PYKKA_DETAIL_EACH_AGAIN PYKKA_DETAIL_PARENS(Class, __VA_ARGS__))
#define PYKKA_DETAIL_EACH_AGAIN() PYKKA_DETAIL_EACH_STEP

/// Publishes the named members of `Class` under their C++ names; put it in the class body.
/// Overloaded methods need the table form (see pykka::overload).
/// @code
///   PYKKA_MEMBERS(Calculator, add, sub, last_result)
/// @endcode
#define PYKKA_MEMBERS(Class, ...)                                          \
  static constexpr auto pykka_members() noexcept {                         \
    return ::pykka::members(PYKKA_DETAIL_EACH_MEMBER(Class, __VA_ARGS__)); \
  }
