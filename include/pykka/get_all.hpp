#pragma once

// pykka::get_all: collect the values of several futures, in order (Pykka's pykka.get_all).
//
// Safe from any thread; blocks until every future is complete, or until one deadline shared by
// all of them. Reads each value with get(), so it may be called again on the same futures.

#include <chrono>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <type_traits>
#include <vector>

#include "pykka/future.hpp"

namespace pykka {

namespace detail {
template <class Futures>
using future_value_t =
    typename std::remove_cvref_t<decltype(*std::begin(std::declval<const Futures&>()))>::value_type;

template <class Futures>
auto get_all_within(const Futures& futures, GetTimeout timeout) {
  using T = future_value_t<Futures>;
  const Deadline deadline(timeout);
  if constexpr (std::is_void_v<T>) {
    for (const auto& future : futures) get_within(future, deadline.remaining());
  } else {
    static_assert(std::is_copy_constructible_v<T>, "get_all copies the values out of the futures");
    std::vector<T> values;
    for (const auto& future : futures) values.push_back(get_within(future, deadline.remaining()));
    return values;
  }
}
}  // namespace detail

/// Blocks until every future in `futures` (any range of pykka::Future<T>) is complete, then
/// returns their values in order (nothing for Future<void>); rethrows the first stored
/// exception in order.
/// @code
///   std::vector<pykka::Future<int>> replies = ...;  // e.g. one ask per actor
///   std::vector<int> values = pykka::get_all(replies);
/// @endcode
template <class Futures>
auto get_all(const Futures& futures) {
  return detail::get_all_within(futures, std::nullopt);
}

/// Like get_all(futures), but throws pykka::Timeout once `timeout` has passed in total.
template <class Futures, class Rep, class Period>
auto get_all(const Futures& futures, std::chrono::duration<Rep, Period> timeout) {
  return detail::get_all_within(futures, detail::to_nanoseconds(timeout));
}

/// Like get_all(futures), for a braced list: `pykka::get_all({a, b, c})`.
template <class T>
auto get_all(std::initializer_list<Future<T>> futures) {
  return detail::get_all_within(futures, std::nullopt);
}

/// Like get_all(futures, timeout), for a braced list.
template <class T, class Rep, class Period>
auto get_all(std::initializer_list<Future<T>> futures, std::chrono::duration<Rep, Period> timeout) {
  return detail::get_all_within(futures, detail::to_nanoseconds(timeout));
}

}  // namespace pykka
