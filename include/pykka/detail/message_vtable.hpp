#pragma once

// Per-type operations table behind pykka::Message. Installed because Message is a template-
// heavy value type; not API.

#include <cstddef>
#include <memory>
#include <new>
#include <ostream>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <utility>

namespace pykka {
class Actor;
class Message;
}  // namespace pykka

namespace pykka::detail {

inline constexpr std::size_t kMessageInlineCapacity = 48;
inline constexpr std::size_t kMessageAlign = alignof(std::max_align_t);

template <class T>
inline constexpr bool fits_inline =
    sizeof(T) <= kMessageInlineCapacity &&
    alignof(T) <= kMessageAlign&& std::is_nothrow_move_constructible_v<T>;

template <class T>
concept Streamable = requires(std::ostream& out, const T& value) {
  out << value;
};

/// A message type the actor executes itself instead of passing it to on_receive.
template <class T>
concept Command = requires(T& command, Actor& actor) {
  { T::pykka_command } -> std::convertible_to<bool>;
  command.execute(actor);
};

struct MessageVTable {
  const std::type_info& (*type)() noexcept;
  void* (*address)(unsigned char* storage) noexcept;
  void (*destroy)(unsigned char* storage) noexcept;
  /// Move-constructs into dst from src and destroys src.
  void (*relocate)(unsigned char* dst, unsigned char* src) noexcept;
  void (*print)(std::ostream& out, const void* value);
  Message (*execute)(void* value, Actor& actor);  // null unless T is a Command
};

std::string print_unprintable(const std::type_info& type);

template <class T>
struct MessageOps {
  static const std::type_info& type() noexcept { return typeid(T); }
  static void* address(unsigned char* storage) noexcept {
    if constexpr (fits_inline<T>) {
      return std::launder(reinterpret_cast<T*>(storage));
    } else {
      return *std::launder(reinterpret_cast<T**>(storage));
    }
  }
  static void destroy(unsigned char* storage) noexcept {
    if constexpr (fits_inline<T>) {
      std::launder(reinterpret_cast<T*>(storage))->~T();
    } else {
      delete *std::launder(reinterpret_cast<T**>(storage));
    }
  }
  static void relocate(unsigned char* dst, unsigned char* src) noexcept {
    if constexpr (fits_inline<T>) {
      T* from = std::launder(reinterpret_cast<T*>(src));
      ::new (static_cast<void*>(dst)) T(std::move(*from));
      from->~T();
    } else {
      ::new (static_cast<void*>(dst)) T*(*std::launder(reinterpret_cast<T**>(src)));
    }
  }
  static void print(std::ostream& out, const void* value) {
    if constexpr (Streamable<T>) {
      out << *static_cast<const T*>(value);
    } else {
      out << print_unprintable(typeid(T));
    }
  }
};

template <class T>
Message execute_command(void* value, Actor& actor);

template <class T>
inline constexpr MessageVTable message_vtable{
    &MessageOps<T>::type,     &MessageOps<T>::address, &MessageOps<T>::destroy,
    &MessageOps<T>::relocate, &MessageOps<T>::print,   Command<T> ? &execute_command<T> : nullptr,
};

}  // namespace pykka::detail
