#pragma once

// Traversable members: a proxy may reach into a member of an actor (and on into that member's
// members) only when the member is marked traversable, as in Pykka. The three ways Pykka marks
// an attribute have these C++ forms:
//
//   pykka.traversable(Playback()) on one attribute  ->  pykka::Traversable<Playback> playback;
//   @pykka.traversable on the class                  ->  template <>
//                                                        inline constexpr bool
//                                                        pykka::enable_traversable<Playback> =
//                                                        true;
//   pykka_traversable = True in the class            ->  static constexpr bool pykka_traversable =
//   true;
//
// The check is made at compile time: traversing an unmarked member does not compile, and
// neither does Python's spelling as an instance member (`bool pykka_traversable = true;`),
// which is rejected with a message giving the static constexpr form.

#include <type_traits>
#include <utility>

namespace pykka {

/// Marks one member as traversable while being the wrapped object itself (it derives from T,
/// so the actor uses it exactly like a T).
/// @code
///   class Player : public pykka::ThreadingActor {
///    public:
///     pykka::Traversable<Playback> playback;  // proxy.traverse(&Player::playback)
///   };
/// @endcode
template <class T>
class Traversable : public T {
  static_assert(std::is_class_v<T> && !std::is_final_v<T>,
                "pykka::Traversable<T> needs a non-final class T");

 public:
  /// The wrapped class; a proxy traversing this member is a proxy to a T.
  using traversable_type = T;

  using T::T;
  /// Default-constructs the T.
  Traversable() = default;
  /// Copies a T in.
  Traversable(const T& value) : T(value) {}  // NOLINT(google-explicit-constructor)
  /// Moves a T in.
  Traversable(T&& value) noexcept(std::is_nothrow_move_constructible_v<T>)  // NOLINT
      : T(std::move(value)) {}
};

namespace detail {
template <class T>
inline constexpr bool always_false_v = false;

template <class T>
constexpr bool declares_traversable() noexcept {
  if constexpr (requires { T::pykka_traversable; }) {
    // Python's class attribute is a compile-time constant here; an instance member (Python's
    // spelling `bool pykka_traversable = true;`) or a non-constexpr static has no value to read.
    if constexpr (requires { typename std::bool_constant<bool(T::pykka_traversable)>; }) {
      return static_cast<bool>(T::pykka_traversable);
    } else {
      static_assert(always_false_v<T>,
                    "pykka: pykka_traversable must be declared 'static constexpr bool "
                    "pykka_traversable = true;' (a constant of the class, as Python's class "
                    "attribute), not as an instance member");
      return true;  // what was meant: no second error from the traversal check
    }
  } else {
    return false;
  }
}

template <class T>
struct TraversableTarget {
  using type = T;
};
template <class T>
struct TraversableTarget<Traversable<T>> {
  using type = T;
};
template <class T>
struct TraversableTarget<const Traversable<T>> {
  using type = const T;
};

template <class T>
struct IsTraversableWrapper : std::false_type {};
template <class T>
struct IsTraversableWrapper<Traversable<T>> : std::true_type {};
}  // namespace detail

/// True if every member of type T is traversable. Defaults to `T::pykka_traversable` when T
/// declares it; specialise it (`= true`) to mark a class you cannot or do not want to edit.
template <class T>
inline constexpr bool enable_traversable = detail::declares_traversable<T>();

/// True if a member of type M may be traversed by a proxy.
template <class M>
inline constexpr bool is_traversable_v = detail::IsTraversableWrapper<std::remove_cv_t<M>>::value ||
                                         enable_traversable<std::remove_cv_t<M>>;

/// The type a proxy traversing a member of type M points to (Traversable<T> gives T).
template <class M>
using traversal_target_t = typename detail::TraversableTarget<M>::type;

}  // namespace pykka
