#pragma once

// The runtime view of a class's published members (see pykka/members.hpp): one constexpr table
// per class, built from its member list, with one type-erased entry per member. Name-based
// messages and dynamic proxies walk these tables. Not API.
//
// Entries take and return objects as `void*` pointing to exactly the table's class; the
// functions in an entry run on the actor's context (call/get/set/traverse) or anywhere (the
// rest). Tables are immutable static data.

#include <array>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "pykka/actor.hpp"
#include "pykka/detail/proxy_traits.hpp"
#include "pykka/detail/type_name.hpp"
#include "pykka/members.hpp"
#include "pykka/message.hpp"
#include "pykka/traversable.hpp"

namespace pykka::detail {

struct MemberTable;

/// One published member, type-erased.
struct MemberEntry {
  std::string_view name;
  bool is_method = false;
  /// Method: returns why `args` do not fit its parameters, or "" when they do.
  std::string (*mismatch)(const std::vector<Message>& args) = nullptr;
  /// Method: calls it, moving the arguments out of `args` (which must fit).
  Message (*call)(void* object, std::vector<Message>& args) = nullptr;
  /// Data member: returns a copy (null when its type cannot be copied).
  Message (*get)(void* object) = nullptr;
  /// Data member: assigns `value` if it holds the member's type, else returns false (null when
  /// the member cannot be assigned).
  bool (*set)(void* object, Message& value) = nullptr;
  /// Data member: its type's name, for error texts.
  std::string (*type_name)() = nullptr;
  /// Traversable data member: the object a path continues at (null: not traversable).
  void* (*traverse)(void* object) = nullptr;
  /// Traversable data member: that object's table (returns null if it publishes nothing).
  const MemberTable* (*target)() noexcept = nullptr;
};

/// All published members of one class.
struct MemberTable {
  std::string (*class_name)();
  /// Converts the actor to a pointer to this class (null unless the class is an actor).
  void* (*from_actor)(Actor& actor) noexcept;
  const MemberEntry* entries;
  std::size_t size;

  [[nodiscard]] const MemberEntry* begin() const noexcept { return entries; }
  [[nodiscard]] const MemberEntry* end() const noexcept { return entries + size; }
  /// Returns the first entry named `name`, or null.
  [[nodiscard]] const MemberEntry* find(std::string_view name) const noexcept;
};

/// Returns the table of T, or null if T publishes no members.
template <class T>
const MemberTable* member_table_of() noexcept;

/// Returns "takes 2 arguments but 3 were given".
std::string describe_arity_mismatch(std::size_t expected, std::size_t given);
/// Returns "argument 2 must be int, not std::string".
std::string describe_type_mismatch(std::size_t index, const std::string& expected,
                                   const Message& given);

// --- building tables -------------------------------------------------------------------------

template <class T>
inline constexpr auto published_members = members_of<T>();

template <class T, std::size_t I>
inline constexpr auto published_pointer = std::get<I>(published_members<T>.entries).pointer;

template <class T, auto Pointer>
std::string method_mismatch(const std::vector<Message>& args) {
  using Traits = MethodTraits<decltype(Pointer)>;
  if (args.size() != Traits::arity) return describe_arity_mismatch(Traits::arity, args.size());
  std::string why;
  [&]<std::size_t... J>(std::index_sequence<J...>) {
    (void)((args[J].template is<stored_param_t<param_t<decltype(Pointer), J>>>()
                ? false
                : (why = describe_type_mismatch(
                       J + 1, type_name<stored_param_t<param_t<decltype(Pointer), J>>>(), args[J]),
                   true)) ||
           ...);
  }
  (std::make_index_sequence<Traits::arity>{});
  return why;
}

template <class T, auto Pointer>
Message method_call(void* object, std::vector<Message>& args) {
  using Traits = MethodTraits<decltype(Pointer)>;
  T& self = *static_cast<T*>(object);
  return [&]<std::size_t... J>(std::index_sequence<J...>)->Message {
    if constexpr (std::is_void_v<typename Traits::result>) {
      std::invoke(
          Pointer, self,
          std::move(args[J].template as<stored_param_t<param_t<decltype(Pointer), J>>>())...);
      return Message();
    } else {
      return Message(std::invoke(
          Pointer, self,
          std::move(args[J].template as<stored_param_t<param_t<decltype(Pointer), J>>>())...));
    }
  }
  (std::make_index_sequence<Traits::arity>{});
}

template <class T, auto Pointer>
Message field_get(void* object) {
  static_assert(!decays_to_inner_pointer_v<typename DataMemberTraits<decltype(Pointer)>::type>,
                "pykka: reading an array member would return a pointer into the actor's state; use "
                "std::array, which is copied");
  return Message(static_cast<T*>(object)->*Pointer);
}

template <class T, auto Pointer>
bool field_set(void* object, Message& value) {
  using M = typename DataMemberTraits<decltype(Pointer)>::type;
  if constexpr (!readable_as_v<M>) {
    // A C-string member: the text arrives as a std::string owned by the message, so a pointer
    // to it would dangle; such a member cannot be set by name.
    return false;
  } else {
    if (!value.template is<M>()) return false;
    static_cast<T*>(object)->*Pointer = std::move(value.template as<M>());
    return true;
  }
}

template <class T, auto Pointer>
void* field_traverse(void* object) {
  using Target = traversal_target_t<typename DataMemberTraits<decltype(Pointer)>::type>;
  Target& target = static_cast<T*>(object)->*Pointer;
  return static_cast<void*>(std::addressof(target));
}

template <class T, std::size_t I>
constexpr MemberEntry make_member_entry() noexcept {
  constexpr auto pointer = published_pointer<T, I>;
  using P = std::remove_const_t<decltype(pointer)>;
  MemberEntry entry;
  entry.name = std::get<I>(published_members<T>.entries).name;
  if constexpr (is_proxy_method_v<P>) {
    static_assert(sendable_params_v<P>,
                  "pykka: a published method cannot take a non-const lvalue reference parameter");
    entry.is_method = true;
    entry.mismatch = &method_mismatch<T, pointer>;
    entry.call = &method_call<T, pointer>;
  } else {
    static_assert(DataMemberTraits<P>::is_field, "pykka: publish methods and data members only");
    using M = typename DataMemberTraits<P>::type;
    if constexpr (std::is_copy_constructible_v<M>) entry.get = &field_get<T, pointer>;
    if constexpr (std::is_move_assignable_v<M>) entry.set = &field_set<T, pointer>;
    entry.type_name = &type_name<std::remove_cv_t<M>>;
    if constexpr (is_traversable_v<M> && !std::is_const_v<M>) {
      entry.traverse = &field_traverse<T, pointer>;
      entry.target = &member_table_of<traversal_target_t<M>>;
    }
  }
  return entry;
}

template <class T>
std::string class_name_of() {
  return unqualified(type_name<T>());
}

template <class T>
void* actor_as(Actor& actor) noexcept {
  return static_cast<void*>(static_cast<T*>(&actor));
}

template <class T>
constexpr auto actor_cast_of() noexcept -> void* (*)(Actor&) noexcept {
  if constexpr (std::is_base_of_v<Actor, T>) {
    return &actor_as<T>;
  } else {
    return nullptr;
  }
}

template <class T>
struct PublishedTable {
  static constexpr std::size_t size = std::tuple_size_v<decltype(published_members<T>.entries)>;
  static constexpr std::array<MemberEntry, size> entries =
      []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<MemberEntry, size>{make_member_entry<T, I>()...};
  }
  (std::make_index_sequence<size>{});
  static constexpr MemberTable table{&class_name_of<T>, actor_cast_of<T>(), entries.data(), size};
};

template <class T>
const MemberTable* member_table_of() noexcept {
  if constexpr (PublishesMembers<T>) {
    return &PublishedTable<T>::table;
  } else {
    return nullptr;
  }
}

}  // namespace pykka::detail
