#pragma once

// pykka::Message: the type-erased value carried to an actor (a message) and back (a reply).
//
// A Message holds one value of any type that is move-constructible, move-only types included
// (e.g. std::unique_ptr<T>), or nothing (Pykka's None). Values that fit in `inline_capacity`
// bytes and are nothrow-movable are stored inline, so sending small messages allocates nothing.
// A string literal or `const char*` is stored as std::string.
//
// Thread-safety: a Message is a plain value with single ownership. It is moved, never shared:
// once sent, the sender no longer has it (Pykka does not copy messages either).

#include <cstddef>
#include <iosfwd>
#include <memory>
#include <new>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <utility>

#include "pykka/detail/message_vtable.hpp"

namespace pykka {

class Message;

namespace detail {
template <class T>
struct StoredType {
  using type = std::decay_t<T>;
};
template <>
struct StoredType<const char*> {
  using type = std::string;
};
template <>
struct StoredType<char*> {
  using type = std::string;
};
}  // namespace detail

/// The type a Message stores for a value of type T: T decayed, with C strings as std::string.
template <class T>
using message_type_t = typename detail::StoredType<std::decay_t<T>>::type;

namespace detail {
// True when a Message holding a value sent as T can be read back as T itself (not for C
// strings, which are stored as std::string, nor for arrays and functions, which decay).
template <class T>
inline constexpr bool readable_as_v = std::is_same_v<std::remove_cv_t<T>, message_type_t<T>>;

// True for an array that a Message would decay to a pointer into the array itself (every
// array except a one-dimensional char array, which is copied into a std::string).
template <class T>
inline constexpr bool decays_to_inner_pointer_v =
    std::is_array_v<T> &&
    !(std::rank_v<T> == 1 && std::is_same_v<std::remove_cv_t<std::remove_extent_t<T>>, char>);
}  // namespace detail

/// A type-erased, move-only value sent to or replied by an actor.
///
/// @code
///   pykka::Message on_receive(pykka::Message& message) override {
///     if (auto* text = message.get_if<std::string>()) return "Hi " + *text;
///     if (message.is<GetCount>()) return count_;
///     return {};  // Pykka's None
///   }
/// @endcode
class Message {
 public:
  /// Bytes available for inline (allocation-free) storage.
  static constexpr std::size_t inline_capacity = detail::kMessageInlineCapacity;

  /// Creates an empty message (Pykka's None).
  Message() noexcept = default;

  /// Creates a message holding `value` (moved or copied in).
  template <class T>
  requires(!std::is_same_v<std::decay_t<T>, Message> &&
           std::is_constructible_v<message_type_t<T>, T&&>)
      Message(
          T&& value)  // NOLINT(google-explicit-constructor): messages convert like Python values.
  {
    emplace<message_type_t<T>>(std::forward<T>(value));
  }

  /// Creates a message holding a T constructed in place from `args`.
  template <class T, class... Args>
  explicit Message(std::in_place_type_t<T> /*unused*/, Args&&... args) {
    emplace<T>(std::forward<Args>(args)...);
  }

  /// Moves the value out of `other`, leaving it empty.
  Message(Message&& other) noexcept { take(other); }
  /// Destroys the current value and moves the value out of `other`, leaving it empty.
  Message& operator=(Message&& other) noexcept {
    if (this != &other) {
      reset();
      take(other);
    }
    return *this;
  }
  Message(const Message&) = delete;
  Message& operator=(const Message&) = delete;
  ~Message() { reset(); }

  /// Returns true if the message holds a value.
  [[nodiscard]] bool has_value() const noexcept { return vtable_ != nullptr; }
  /// Returns true if the message holds a value.
  explicit operator bool() const noexcept { return has_value(); }

  /// Returns true if the message holds a value of exactly type T (after decay).
  template <class T>
  [[nodiscard]] bool is() const noexcept {
    using U = message_type_t<T>;
    return vtable_ != nullptr &&
           (vtable_ == &detail::message_vtable<U> || vtable_->type() == typeid(U));
  }

  /// Returns a pointer to the held T, or nullptr if the message holds something else.
  template <class T>
  [[nodiscard]] T* get_if() noexcept {
    return const_cast<T*>(std::as_const(*this).template get_if<T>());
  }
  /// Returns a pointer to the held T, or nullptr if the message holds something else.
  template <class T>
  [[nodiscard]] const T* get_if() const noexcept {
    static_assert(detail::readable_as_v<T>,
                  "pykka::Message: C strings are stored as std::string and arrays decay to "
                  "pointers; read the stored type (e.g. get_if<std::string>, as<std::string>)");
    return is<T>() ? static_cast<const T*>(address()) : nullptr;
  }

  /// Returns the held T; throws pykka::TypeError naming both types if it holds something else.
  template <class T>
  [[nodiscard]] T& as() & {
    return const_cast<T&>(std::as_const(*this).template as<T>());
  }
  /// Returns the held T; throws pykka::TypeError naming both types if it holds something else.
  template <class T>
  [[nodiscard]] const T& as() const& {
    static_assert(detail::readable_as_v<T>,
                  "pykka::Message: C strings are stored as std::string and arrays decay to "
                  "pointers; read the stored type (e.g. get_if<std::string>, as<std::string>)");
    if (!is<T>()) throw_type_error(typeid(message_type_t<T>));
    return *static_cast<const T*>(address());
  }
  /// Moves the held T out; throws pykka::TypeError if it holds something else.
  template <class T>
  [[nodiscard]] T as() && {
    return std::move(as<T>());
  }

  /// Returns the std::type_info of the held value, or typeid(void) when empty.
  [[nodiscard]] const std::type_info& type() const noexcept {
    return vtable_ != nullptr ? vtable_->type() : typeid(void);
  }
  /// Returns the demangled type name of the held value ("void" when empty).
  [[nodiscard]] std::string type_name() const;

  /// Destroys the held value; the message becomes empty.
  void reset() noexcept {
    if (vtable_ != nullptr) {
      vtable_->destroy(storage_);
      vtable_ = nullptr;
    }
  }

  /// Replaces the value with a T constructed from `args`; returns a reference to it.
  template <class T, class... Args>
  T& emplace(Args&&... args) {
    reset();
    if constexpr (detail::fits_inline<T>) {
      ::new (static_cast<void*>(storage_)) T(std::forward<Args>(args)...);
    } else {
      T* heap = new T(std::forward<Args>(args)...);
      ::new (static_cast<void*>(storage_)) T*(heap);
    }
    vtable_ = &detail::message_vtable<T>;
    return *static_cast<T*>(address());
  }

  /// Returns true if the message holds an internal command (a proxy or system message).
  [[nodiscard]] bool is_command() const noexcept {
    return vtable_ != nullptr && vtable_->execute != nullptr;
  }

  /// Internal: runs a command message on the actor. Not API.
  Message execute_command(Actor& actor) { return vtable_->execute(address(), actor); }

  /// Writes the value if its type supports `operator<<`, else `<TypeName object>`; `None` if empty.
  friend std::ostream& operator<<(std::ostream& out, const Message& message);

  /// Returns the printed form of the message (see operator<<).
  [[nodiscard]] std::string to_string() const;

 private:
  [[noreturn]] void throw_type_error(const std::type_info& wanted) const;

  [[nodiscard]] void* address() noexcept { return vtable_->address(storage_); }
  [[nodiscard]] const void* address() const noexcept {
    return vtable_->address(const_cast<unsigned char*>(storage_));  // NOLINT: read-only use
  }

  void take(Message& other) noexcept {
    if (other.vtable_ != nullptr) {
      other.vtable_->relocate(storage_, other.storage_);
      vtable_ = std::exchange(other.vtable_, nullptr);
    }
  }

  alignas(detail::kMessageAlign) unsigned char storage_[inline_capacity]{};
  const detail::MessageVTable* vtable_ = nullptr;
};

/// The type of an actor's reply; the same type-erased value as a message.
using Reply = Message;

namespace detail {
template <class T>
Message execute_command(void* value, Actor& actor) {
  if constexpr (Command<T>) {
    T& command = *static_cast<T*>(value);
    if constexpr (std::is_void_v<decltype(command.execute(actor))>) {
      command.execute(actor);
      return Message();
    } else {
      return Message(command.execute(actor));
    }
  } else {
    return Message();
  }
}
}  // namespace detail

}  // namespace pykka
