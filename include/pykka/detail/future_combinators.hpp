#pragma once

// Out-of-line definitions of Future::map, filter, reduce and join. Included by
// pykka/future.hpp; not API.
//
// Each combinator returns a new future with a get hook over its source(s), as Pykka does: the
// work runs once, on the first get (or when a callback or co_await is registered and the
// sources complete), and its outcome is kept. The hook hands the caller's timeout on to the
// sources as one deadline, so join's get(timeout) waits at most `timeout` in total.
//
// A derived future holds its sources. Once a callback or co_await waits on it, its sources hold
// it too, until they complete: a callback on a temporary `f.map(g)` still runs.

#include <iterator>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "pykka/errors.hpp"
#include "pykka/future.hpp"

namespace pykka::detail {

/// A value filter/reduce can iterate.
template <class T>
concept Iterable = requires(const T& value) {
  std::begin(value);
  std::end(value);
};

template <class T>
struct ItemType {
  using type = T;  // not a range: filter/reduce fail at get, typed as if T were the item
};
template <Iterable T>
struct ItemType<T> {
  using type = std::remove_cvref_t<decltype(*std::begin(std::declval<const T&>()))>;
};
template <class T>
using item_t = typename ItemType<T>::type;

/// Waits for `future` within `timeout` (none: forever) and returns get()'s result.
template <class T>
decltype(auto) get_within(const Future<T>& future, GetTimeout timeout) {
  if (timeout) return future.get(*timeout);
  return future.get();
}

/// Returns the range value of `future`, or throws TypeError naming `what` if it is not one.
template <class T>
const T& range_of(const Future<T>& future, GetTimeout timeout, const char* what) {
  const T& value = get_within(future, timeout);
  if constexpr (!Iterable<T>) {
    throw TypeError(std::string(what) + " needs a range, but the future holds " + type_name<T>());
  }
  return value;
}

template <class R, class F>
Future<R> hooked(F&& hook, std::vector<std::shared_ptr<FutureStateBase>> sources) {
  auto state = std::make_shared<FutureState<R>>();
  state->set_get_hook(std::forward<F>(hook), std::move(sources));
  return Future<R>(std::move(state));
}

}  // namespace pykka::detail

namespace pykka {

template <class T>
template <class F>
auto Future<T>::map(F&& fn) const {
  if constexpr (std::is_void_v<T>) {
    using R = std::invoke_result_t<std::decay_t<F>&>;
    return detail::hooked<R>(
        [source = *this, fn = std::forward<F>(fn)](GetTimeout timeout) mutable -> R {
          detail::get_within(source, timeout);
          return fn();
        },
        {state_});
  } else {
    using R = std::invoke_result_t<std::decay_t<F>&, const T&>;
    return detail::hooked<R>(
        [source = *this, fn = std::forward<F>(fn)](GetTimeout timeout) mutable -> R {
          return fn(detail::get_within(source, timeout));
        },
        {state_});
  }
}

template <class T>
template <class Pred>
auto Future<T>::filter(Pred&& pred) const {
  static_assert(!std::is_void_v<T>, "filter needs a future with a value");
  using Item = detail::item_t<T>;
  return detail::hooked<std::vector<Item>>(
      [source = *this, pred = std::forward<Pred>(pred)](GetTimeout timeout) mutable {
        const auto& range = detail::range_of(source, timeout, "filter");
        std::vector<Item> kept;
        if constexpr (detail::Iterable<T>) {
          for (const auto& item : range) {
            if (pred(item)) kept.push_back(item);
          }
        }
        return kept;
      },
      {state_});
}

template <class T>
template <class F>
auto Future<T>::reduce(F&& fn) const {
  static_assert(!std::is_void_v<T>, "reduce needs a future with a value");
  using Item = detail::item_t<T>;
  return detail::hooked<Item>(
      [source = *this, fn = std::forward<F>(fn)](GetTimeout timeout) mutable -> Item {
        const auto& range = detail::range_of(source, timeout, "reduce");
        if constexpr (detail::Iterable<T>) {
          auto it = std::begin(range);
          const auto end = std::end(range);
          if (it == end) throw TypeError("reduce of an empty range with no initial value");
          Item total = *it;
          for (++it; it != end; ++it) total = fn(std::move(total), *it);
          return total;
        } else {
          throw TypeError("unreachable: range_of throws for a value that is not a range");
        }
      },
      {state_});
}

template <class T>
template <class F, class I>
auto Future<T>::reduce(F&& fn, I&& initial) const {
  static_assert(!std::is_void_v<T>, "reduce needs a future with a value");
  using Total = std::decay_t<I>;
  return detail::hooked<Total>(
      [source = *this, fn = std::forward<F>(fn),
       initial = std::forward<I>(initial)](GetTimeout timeout) mutable -> Total {
        const auto& range = detail::range_of(source, timeout, "reduce");
        Total total = initial;  // copied: a later get after a Timeout starts over
        if constexpr (detail::Iterable<T>) {
          for (const auto& item : range) total = fn(std::move(total), item);
        }
        return total;
      },
      {state_});
}

template <class T>
template <class... U>
Future<std::tuple<T, U...>> Future<T>::join(const Future<U>&... others) const {
  static_assert(!std::is_void_v<T> && (!std::is_void_v<U> && ...),
                "join collects values; a Future<void> has none");
  static_assert(std::is_copy_constructible_v<T> && (std::is_copy_constructible_v<U> && ...),
                "join copies the values out of the joined futures");
  return detail::hooked<std::tuple<T, U...>>(
      [sources = std::make_tuple(*this, others...)](GetTimeout timeout) {
        const detail::Deadline deadline(timeout);
        // Braced initialisation evaluates left to right: the first failure in order surfaces.
        return std::apply(
            [&deadline](const auto&... future) {
              return std::tuple<T, U...>{detail::get_within(future, deadline.remaining())...};
            },
            sources);
      },
      {state_, others.state()...});
}

}  // namespace pykka
