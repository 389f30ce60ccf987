#pragma once

// pykka::get_all: collect the values of several futures, in order (Pykka's pykka.get_all).
//
// Safe from any thread; blocks until every future is complete, or until one deadline shared by
// all of them. Reads each value with get(), so it may be called again on the same futures.
// Copyable values are returned as copies; move-only ones (e.g. the pykka::Message of an untyped
// ask) as references to the values the futures keep, valid while any copy of those futures lives;
// a braced list, whose futures are usually temporaries, is therefore limited to copyable values.

#include <chrono>
#include <functional>
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
  } else if constexpr (std::is_copy_constructible_v<T>) {
    std::vector<T> values;
    for (const auto& future : futures) values.push_back(get_within(future, deadline.remaining()));
    return values;
  } else {
    // A move-only value cannot leave a future that may be read again, so refer to it there.
    std::vector<std::reference_wrapper<const T>> values;
    for (const auto& future : futures) {
      values.emplace_back(get_within(future, deadline.remaining()));
    }
    return values;
  }
}
}  // namespace detail

/// Blocks until every future in `futures` (any range of pykka::Future<T>) is complete, then
/// returns their values in order: a std::vector<T> of copies, or for a move-only T (such as the
/// Message of an untyped ask) a std::vector<std::reference_wrapper<const T>> referring to the
/// values in the futures, so keep the futures while using it; nothing for Future<void>.
/// Rethrows the first stored exception in order.
/// @code
///   std::vector<pykka::Future<int>> replies = ...;  // e.g. one ask per actor
///   std::vector<int> values = pykka::get_all(replies);
///   std::vector<pykka::Future<pykka::Message>> untyped = ...;  // ask without a reply type
///   for (const pykka::Message& reply : pykka::get_all(untyped)) std::cout << reply << "\n";
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

namespace detail {
// The futures of a braced list are often temporaries (`get_all({ref.ask(a, nonblocking), …})`),
// gone when the statement ends: references to move-only values in them would dangle.
template <class T>
inline constexpr bool braced_get_all_ok_v = std::is_void_v<T> || std::is_copy_constructible_v<T>;
}  // namespace detail

/// Like get_all(futures), for a braced list of futures of a copyable (or void) value:
/// `pykka::get_all({a, b, c})`.
template <class T>
auto get_all(std::initializer_list<Future<T>> futures) {
  static_assert(detail::braced_get_all_ok_v<T>,
                "pykka: get_all({...}) would return references into the list's temporary "
                "futures for a move-only value such as pykka::Message; keep the futures in a "
                "container (e.g. std::vector) and pass that");
  return detail::get_all_within(futures, std::nullopt);
}

/// Like get_all(futures, timeout), for a braced list (see get_all({...})).
template <class T, class Rep, class Period>
auto get_all(std::initializer_list<Future<T>> futures, std::chrono::duration<Rep, Period> timeout) {
  static_assert(detail::braced_get_all_ok_v<T>,
                "pykka: get_all({...}) would return references into the list's temporary "
                "futures for a move-only value such as pykka::Message; keep the futures in a "
                "container (e.g. std::vector) and pass that");
  return detail::get_all_within(futures, detail::to_nanoseconds(timeout));
}

}  // namespace pykka
