#pragma once

// pykka::remote wire format: how messages, replies and errors cross between nodes.
//
// A frame is one msgpack array of four items: the format version, the frame kind (tell, ask,
// stop, is_alive, reply, error, and the death-watch kinds watch, terminated, heartbeat, leaving),
// a wire type name and the payload. A value crosses as the wire name its C++ type was registered
// under plus the value packed by its msgpack adaptor; the receiver finds the type by that name
// and unpacks it into a pykka::Message holding that type.
// Standard types (bool, the integer types, float, double, std::string, vectors and string-keyed
// maps of those, and Pykka's None) are registered from the start; a user type is registered once,
// under a stable name, with register_type. An exception crosses as its wire type name and text.
//
// Decoding never trusts its input: a frame larger than the limit, not msgpack, truncated,
// followed by trailing bytes, of another version or kind, or naming an unknown type, makes
// decode_frame throw pykka::remote::WireError, and nothing else (no crash, no undefined
// behaviour); the node logs such frames and drops them.
//
// Thread-safety: register_type and register_error may be called from any thread, but should be
// called before the first frame that needs them (e.g. at start-up, on every node); encoding and
// decoding are thread-safe.

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <utility>

#ifndef MSGPACK_NO_BOOST
#define MSGPACK_NO_BOOST
#endif
#include <msgpack.hpp>

#include "pykka/errors.hpp"
#include "pykka/message.hpp"
#include "pykka/messages.hpp"

namespace pykka::remote {

/// Thrown by decode_frame for a frame that is malformed, oversized or names an unknown type.
class WireError : public Error {
 public:
  using Error::Error;
};

/// The version of the frame layout this build writes and reads.
inline constexpr std::uint32_t kWireVersion = 1;

/// The default and largest accepted frame size, in bytes (NATS's default payload limit).
inline constexpr std::size_t kDefaultMaxFrameSize = std::size_t{1} << 20;

/// What a frame asks for, or answers with.
enum class FrameKind : std::uint8_t {
  tell = 1,        ///< A message; no reply.
  ask = 2,         ///< A message whose reply goes to the frame's reply subject.
  stop = 3,        ///< A stop request; replies with a bool.
  is_alive = 4,    ///< A liveness query; replies with a bool.
  reply = 5,       ///< A reply value.
  error = 6,       ///< A failure: the type is the exception's wire name, the payload its text.
  watch = 7,       ///< A death-watch check: replies with the actor's state (see remote_watch.hpp).
  terminated = 8,  ///< An exposed actor's death notice, published to its watchers.
  heartbeat = 9,   ///< A node's periodic sign of life; the payload is its incarnation.
  leaving = 10,    ///< A node's goodbye as it closes; the payload is its incarnation.
};

/// A decoded frame: its kind and the value it carries (a pykka::Message holding the registered
/// type, or a std::string of the error text for FrameKind::error).
struct Frame {
  FrameKind kind = FrameKind::tell;  ///< What the frame asks for or answers with.
  std::string type_name;             ///< The wire type name of the payload.
  Message payload;                   ///< The value (empty for None, stop and is_alive).
};

namespace detail {

using Packer = msgpack::packer<msgpack::sbuffer>;

// One registered type: how to pack a Message holding it and how to rebuild one from msgpack.
struct WireType {
  std::string name;
  const std::type_info* type = nullptr;
  void (*pack)(Packer& packer, const Message& value) = nullptr;
  Message (*unpack)(const msgpack::object& object) = nullptr;
  // Packs a value of the type itself, given its address.
  void (*pack_value)(Packer& packer, const void* value) = nullptr;
};

// Types the library packs itself through their registry entry (pykka's proxy messages), rather
// than through a msgpack adaptor.
template <class T>
inline constexpr bool packed_by_library_v =
    std::is_same_v<T, ProxyCall> || std::is_same_v<T, ProxyGetAttr> ||
    std::is_same_v<T, ProxySetAttr>;

// One registered exception type: how to rebuild it from its text.
struct WireErrorType {
  std::string name;
  const std::type_info* type = nullptr;
  std::exception_ptr (*make)(const std::string& text) = nullptr;
};

void add_type(WireType type);
void add_error(WireErrorType type);
// Returns the registered entry for a C++ type, or nullptr.
const WireType* find_type(const std::type_info& type) noexcept;

template <class T>
void pack_held(Packer& packer, const Message& value) {
  packer.pack(value.as<T>());
}

template <class T>
void pack_value_of(Packer& packer, const void* value) {
  packer.pack(*static_cast<const T*>(value));
}

template <class T>
Message unpack_as(const msgpack::object& object) {
  return Message(std::in_place_type<T>, object.as<T>());
}

// Writes the frame header: the array of four, the version, the kind and the type name.
void pack_header(Packer& packer, FrameKind kind, std::string_view type_name);

}  // namespace detail

/// Registers T under the stable wire name `name`, so values of type T can be sent to and replied
/// by remote actors. T needs a msgpack adaptor (e.g. MSGPACK_DEFINE(fields...) in the class),
/// else this does not compile. Registering the same type under the same name again does nothing;
/// throws pykka::InvalidArgument if the name or the type is already registered otherwise, or if
/// the name is empty. Thread-safe.
/// @code
///   struct Move { int x = 0; int y = 0; MSGPACK_DEFINE(x, y) };  // no ; after the macro
///   pykka::remote::register_type<Move>("game.Move");
/// @endcode
template <class T>
void register_type(std::string name) {
  static_assert(std::is_same_v<T, std::decay_t<T>>, "register_type<T>: T must be a plain type");
  detail::add_type(detail::WireType{std::move(name), &typeid(T), &detail::pack_held<T>,
                                    &detail::unpack_as<T>, &detail::pack_value_of<T>});
}

/// Registers exception type E under the wire name `name`, so an E thrown by a remote handler is
/// rethrown as an E (constructed from its text) instead of a pykka::RemoteError. Same rules as
/// register_type. Thread-safe.
/// @code
///   pykka::remote::register_error<std::out_of_range>("std.out_of_range");
/// @endcode
template <class E>
requires std::is_constructible_v<E, std::string>
void register_error(std::string name) {
  detail::add_error(detail::WireErrorType{std::move(name), &typeid(E), [](const std::string& text) {
                                            return std::make_exception_ptr(E(text));
                                          }});
}

/// Returns true if values of type T can cross the wire (T or its stored form is registered).
template <class T>
[[nodiscard]] bool is_registered() noexcept {
  return detail::find_type(typeid(message_type_t<T>)) != nullptr;
}

/// Encodes a frame carrying `value` (a None for an empty Message). Throws pykka::TypeError if the
/// value's type is not registered, pykka::InvalidArgument if the frame exceeds `max_size`.
[[nodiscard]] std::string encode_frame(FrameKind kind, const Message& value,
                                       std::size_t max_size = kDefaultMaxFrameSize);

/// Encodes an error frame carrying the exception in `error`: its registered wire name or its
/// demangled type name, and its what() text. Never throws for the exception's own sake.
[[nodiscard]] std::string encode_error(const std::exception_ptr& error);

/// Encodes a frame carrying `value` of the static type T, so that a type without a msgpack
/// adaptor is a compile-time error. Throws like encode_frame.
template <class T>
[[nodiscard]] std::string encode_value(FrameKind kind, const T& value,
                                       std::size_t max_size = kDefaultMaxFrameSize);

/// Decodes and validates one frame of at most `max_size` bytes. Throws pykka::remote::WireError
/// for any frame it cannot accept; never reads outside [data, data + size).
[[nodiscard]] Frame decode_frame(const char* data, std::size_t size,
                                 std::size_t max_size = kDefaultMaxFrameSize);

/// Returns the wire type name (the registered name, else the demangled type name) and the what()
/// text of the exception in `error`. Never throws for the exception's own sake.
[[nodiscard]] std::pair<std::string, std::string> describe_error(const std::exception_ptr& error);

/// Returns the exception an error frame stands for: the registered type, pykka's own error types,
/// else a pykka::RemoteError naming the remote type.
[[nodiscard]] std::exception_ptr error_from_frame(const Frame& frame);

namespace detail {
[[nodiscard]] std::string finish_frame(msgpack::sbuffer& buffer, std::size_t max_size);
[[nodiscard]] const WireType& checked_type(const std::type_info& type);
}  // namespace detail

template <class T>
std::string encode_value(FrameKind kind, const T& value, std::size_t max_size) {
  using Stored = message_type_t<T>;
  if constexpr (std::is_same_v<Stored, Message>) {
    return encode_frame(kind, value, max_size);
  } else {
    const detail::WireType& type = detail::checked_type(typeid(Stored));
    msgpack::sbuffer buffer;
    detail::Packer packer(buffer);
    detail::pack_header(packer, kind, type.name);
    if constexpr (detail::packed_by_library_v<Stored>) {
      type.pack_value(packer, &value);
    } else {
      packer.pack(static_cast<const Stored&>(value));
    }
    return detail::finish_frame(buffer, max_size);
  }
}

}  // namespace pykka::remote
