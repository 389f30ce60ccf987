#pragma once

// The typed messages proxies send: call a method, read a field, write a field. Not API (the
// public spellings are in pykka/messages.hpp).
//
// Each is a command message (see pykka/message.hpp): the actor executes it in place, on its own
// context, in mailbox order. A command holds its path, the member pointer and the arguments by
// value, already converted to the parameter types on the caller's side. For a root proxy and a
// few small arguments it fits in Message's inline storage, so a proxy call allocates nothing
// beyond what ask itself does.

#include <cstddef>
#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "pykka/actor.hpp"
#include "pykka/detail/proxy_path.hpp"
#include "pykka/detail/proxy_traits.hpp"
#include "pykka/detail/type_name.hpp"
#include "pykka/errors.hpp"

namespace pykka::detail {

/// Calls `pointer` on the object at `path` with the stored arguments.
template <class Path, class Pointer, class... Stored>
struct MethodCallCommand {
  static constexpr bool pykka_command = true;
  using Result = reply_t<typename MethodTraits<Pointer>::result>;

  [[no_unique_address]] Path path;
  Pointer pointer;
  std::tuple<Stored...> args;

  Result execute(Actor& actor) {
    auto& target = path.resolve(actor);
    return std::apply(
        [&](Stored&... values) -> Result {
          return std::invoke(pointer, target, std::move(values)...);
        },
        args);
  }
};

/// Returns a copy of the data member `pointer` of the object at `path`.
template <class Path, class Pointer>
struct FieldGetCommand {
  static constexpr bool pykka_command = true;
  using Result = message_type_t<typename DataMemberTraits<Pointer>::type>;
  static_assert(!decays_to_inner_pointer_v<typename DataMemberTraits<Pointer>::type>,
                "pykka: reading an array member would return a pointer into the actor's state; use "
                "std::array, which is copied");

  [[no_unique_address]] Path path;
  Pointer pointer;

  Result execute(Actor& actor) { return path.resolve(actor).*pointer; }
};

/// Assigns the stored value to the data member `pointer` of the object at `path`.
template <class Path, class Pointer>
struct FieldSetCommand {
  static constexpr bool pykka_command = true;
  using Value = std::remove_cv_t<typename DataMemberTraits<Pointer>::type>;

  [[no_unique_address]] Path path;
  Pointer pointer;
  Value value;

  void execute(Actor& actor) { path.resolve(actor).*pointer = std::move(value); }
};

/// Where a raw typed message finds its object: the actor, checked to be a C at run time
/// (unlike a proxy, a raw message can be sent to an actor of any class).
template <class C>
struct CheckedRootPath {
  C& resolve(Actor& actor) const {
    if (auto* object = dynamic_cast<C*>(&actor)) return *object;
    throw TypeError(unqualified(demangle(typeid(actor).name())) + " is not a " +
                    unqualified(type_name<C>()) + ": the message names a member of another class");
  }
};

/// Checks, at compile time, that method `Pointer` of T can be called with `Args`, and returns
/// whether it can. Callers test the result with `if constexpr` before building the call: being
/// constexpr, this is instantiated (and its message printed) at once, and a failed check then
/// keeps the compiler from a cascade of errors inside the call's machinery.
template <class T, class Pointer, class... Args>
constexpr bool check_method_call() noexcept {
  static_assert(is_proxy_method_v<Pointer>,
                "pykka: call()/defer() take a pointer to a member function, e.g. &Calculator::add "
                "(for overloads, pick one with pykka::overload<int(int, int)>(&Calculator::add))");
  if constexpr (!is_proxy_method_v<Pointer>) {
    return false;
  } else {
    using Traits = MethodTraits<Pointer>;
    constexpr bool same_class = std::is_base_of_v<typename Traits::owner, std::remove_cv_t<T>>;
    static_assert(same_class, "pykka: the method belongs to another class than the proxy's object");
    constexpr bool arity_fits = Traits::arity == sizeof...(Args);
    static_assert(arity_fits, "pykka: wrong number of arguments for this method");
    constexpr bool sendable = sendable_params_v<Pointer>;
    static_assert(sendable,
                  "pykka: a proxied method cannot take a non-const lvalue reference parameter");
    if constexpr (!arity_fits) {
      return false;
    } else {
      constexpr bool convertible = []<std::size_t... J>(std::index_sequence<J...>) {
        return (std::is_constructible_v<stored_param_t<param_t<Pointer, J>>,
                                        std::tuple_element_t<J, std::tuple<Args&&...>>> &&
                ...);
      }
      (std::make_index_sequence<sizeof...(Args)>{});
      static_assert(convertible,
                    "pykka: an argument cannot be converted to the method's parameter type");
      return same_class && sendable && convertible;
    }
  }
}

/// Checks, at compile time, that `Pointer` is a data member of T.
template <class T, class Pointer>
constexpr void check_field() noexcept {
  static_assert(DataMemberTraits<Pointer>::is_field,
                "pykka: get()/set()/traverse() take a pointer to a data member, e.g. "
                "&Calculator::last_result (use call() for methods)");
  if constexpr (DataMemberTraits<Pointer>::is_field) {
    static_assert(std::is_base_of_v<typename DataMemberTraits<Pointer>::owner, std::remove_cv_t<T>>,
                  "pykka: the data member belongs to another class than the proxy's object");
  }
}

/// Builds the command for `pointer(args...)` on the object at `path`.
template <class Path, class Pointer, class... Args>
auto make_method_call(Path path, Pointer pointer, Args&&... args) {
  return [&]<std::size_t... J>(std::index_sequence<J...>) {
    using Command = MethodCallCommand<Path, Pointer, stored_param_t<param_t<Pointer, J>>...>;
    return Command{std::move(path), pointer,
                   std::tuple<stored_param_t<param_t<Pointer, J>>...>(std::forward<Args>(args)...)};
  }
  (std::make_index_sequence<sizeof...(Args)>{});
}

}  // namespace pykka::detail
