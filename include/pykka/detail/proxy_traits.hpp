#pragma once

// Compile-time facts about member pointers used by proxies and member tables. Not API.

#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "pykka/message.hpp"

namespace pykka::detail {

/// Decomposes a pointer to member function: result, owner class, parameters.
template <class P>
struct MethodTraits {
  static constexpr bool is_method = false;
};

#define PYKKA_DETAIL_METHOD_TRAITS(QUALIFIERS)              \
  template <class R, class C, class... Params>              \
  struct MethodTraits<R (C::*)(Params...) QUALIFIERS> {     \
    static constexpr bool is_method = true;                 \
    using result = R;                                       \
    using owner = C;                                        \
    using params = std::tuple<Params...>;                   \
    static constexpr std::size_t arity = sizeof...(Params); \
  };
PYKKA_DETAIL_METHOD_TRAITS()
PYKKA_DETAIL_METHOD_TRAITS(const)
PYKKA_DETAIL_METHOD_TRAITS(&)
PYKKA_DETAIL_METHOD_TRAITS(const&)
PYKKA_DETAIL_METHOD_TRAITS(noexcept)
PYKKA_DETAIL_METHOD_TRAITS(const noexcept)
PYKKA_DETAIL_METHOD_TRAITS(&noexcept)
PYKKA_DETAIL_METHOD_TRAITS(const& noexcept)
#undef PYKKA_DETAIL_METHOD_TRAITS

/// True if P is a pointer to a member function a proxy can call.
template <class P>
inline constexpr bool is_proxy_method_v = MethodTraits<P>::is_method;

/// The J-th parameter type of method pointer P.
template <class P, std::size_t J>
using param_t = std::tuple_element_t<J, typename MethodTraits<P>::params>;

template <class Param>
struct StoredParam {
  using type = std::remove_cvref_t<Param>;
};
// A view would still point into the caller's string when the actor runs: the message owns a
// copy instead, and the method sees a view of that.
template <class Char, class Traits>
struct StoredParam<std::basic_string_view<Char, Traits>> {
  using type = std::basic_string<Char, Traits>;
};

/// How an argument for parameter type Param travels: by value, owned by the message.
template <class Param>
using stored_param_t = typename StoredParam<std::remove_cvref_t<Param>>::type;

/// True if a parameter of type Param can receive an argument sent in a message: a non-const
/// lvalue reference cannot (the caller would never see what the method wrote into it).
template <class Param>
inline constexpr bool sendable_param_v =
    !std::is_lvalue_reference_v<Param> || std::is_const_v<std::remove_reference_t<Param>>;

template <class P, class Sequence>
struct AllParamsSendable;
template <class P, std::size_t... J>
struct AllParamsSendable<P, std::index_sequence<J...>>
    : std::bool_constant<(sendable_param_v<param_t<P, J>> && ...)> {};

/// True if every parameter of method pointer P can receive an argument sent in a message.
template <class P>
inline constexpr bool sendable_params_v =
    AllParamsSendable<P, std::make_index_sequence<MethodTraits<P>::arity>>::value;

/// The type a caller receives for a member returning R: void, or R as a Message stores it
/// (references become copies, C strings become std::string).
template <class R>
using reply_t = std::conditional_t<std::is_void_v<R>, void, message_type_t<R>>;

/// The data member type M of a pointer `M C::*`.
template <class P>
struct DataMemberTraits {
  static constexpr bool is_field = false;
};
template <class M, class C>
struct DataMemberTraits<M C::*> {
  static constexpr bool is_field = !std::is_function_v<M>;
  using type = M;
  using owner = C;
};

}  // namespace pykka::detail
