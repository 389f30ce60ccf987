#include "pykka/remote/wire.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <typeindex>
#include <unordered_map>
#include <vector>

#include "pykka/detail/type_name.hpp"
#include "pykka/messages.hpp"

namespace pykka::remote {
namespace detail {
namespace {

constexpr std::string_view kNoneName = "none";
// Longest wire type name accepted: names are identifiers, not payload.
constexpr std::size_t kMaxTypeName = 256;
// Deepest nesting accepted, so a hostile frame cannot make the parser recurse without bound.
constexpr std::size_t kMaxDepth = 32;

class TypeTable;
TypeTable& table();

// Packs the value a Message holds, of the registered type `type`.
void pack_message(Packer& packer, const WireType& type, const Message& value) {
  if (type.pack != nullptr) {
    type.pack(packer, value);
  } else if (const auto* call = value.get_if<ProxyCall>()) {
    type.pack_value(packer, call);
  } else if (const auto* get = value.get_if<ProxyGetAttr>()) {
    type.pack_value(packer, get);
  } else if (const auto* set = value.get_if<ProxySetAttr>()) {
    type.pack_value(packer, set);
  }
}

// A nested value (a proxy call's argument, a set value): [wire type name, payload].
void pack_nested(Packer& packer, const Message& value);
Message unpack_nested(const msgpack::object& object);

void pack_proxy_call(Packer& packer, const void* value) {
  const auto& call = *static_cast<const ProxyCall*>(value);
  packer.pack_array(2);
  packer.pack(call.attr_path);
  packer.pack_array(static_cast<std::uint32_t>(call.args.size()));
  for (const Message& arg : call.args) pack_nested(packer, arg);
}

Message unpack_proxy_call(const msgpack::object& object) {
  if (object.type != msgpack::type::ARRAY || object.via.array.size != 2 ||
      object.via.array.ptr[1].type != msgpack::type::ARRAY) {
    throw WireError("a ProxyCall is [attr_path, args]");
  }
  ProxyCall call;
  call.attr_path = object.via.array.ptr[0].as<AttrPath>();
  const msgpack::object_array& args = object.via.array.ptr[1].via.array;
  for (std::uint32_t i = 0; i < args.size; ++i) call.args.push_back(unpack_nested(args.ptr[i]));
  return Message(std::move(call));
}

void pack_proxy_get_attr(Packer& packer, const void* value) {
  packer.pack(static_cast<const ProxyGetAttr*>(value)->attr_path);
}

Message unpack_proxy_get_attr(const msgpack::object& object) {
  return Message(ProxyGetAttr{object.as<AttrPath>()});
}

void pack_proxy_set_attr(Packer& packer, const void* value) {
  const auto& set = *static_cast<const ProxySetAttr*>(value);
  packer.pack_array(2);
  packer.pack(set.attr_path);
  pack_nested(packer, set.value);
}

Message unpack_proxy_set_attr(const msgpack::object& object) {
  if (object.type != msgpack::type::ARRAY || object.via.array.size != 2) {
    throw WireError("a ProxySetAttr is [attr_path, value]");
  }
  ProxySetAttr set;
  set.attr_path = object.via.array.ptr[0].as<AttrPath>();
  set.value = unpack_nested(object.via.array.ptr[1]);
  return Message(std::move(set));
}

class TypeTable {
 public:
  TypeTable() { add_builtins(); }

  void add(WireType type) {
    if (type.name.empty()) throw InvalidArgument("pykka::remote::register_type: empty wire name");
    std::unique_lock lock(mutex_);
    auto by_name = by_name_.find(type.name);
    auto by_type = by_type_.find(std::type_index(*type.type));
    if (by_name != by_name_.end() && by_type != by_type_.end() &&
        by_name->second == by_type->second) {
      return;
    }
    if (by_name != by_name_.end()) {
      throw InvalidArgument("wire name \"" + type.name + "\" is already registered for " +
                            pykka::detail::demangle(by_name->second->type->name()));
    }
    if (by_type != by_type_.end()) {
      throw InvalidArgument(pykka::detail::demangle(type.type->name()) +
                            " is already registered as \"" + by_type->second->name + "\"");
    }
    // Entries are never removed, so the pointers handed out stay valid for the process.
    const WireType* entry = &entries_.emplace_back(std::move(type));
    by_name_.emplace(entry->name, entry);
    by_type_.emplace(std::type_index(*entry->type), entry);
  }

  void add_error(WireErrorType type) {
    if (type.name.empty()) throw InvalidArgument("pykka::remote::register_error: empty wire name");
    std::unique_lock lock(mutex_);
    auto by_name = errors_by_name_.find(type.name);
    auto by_type = errors_by_type_.find(std::type_index(*type.type));
    if (by_name != errors_by_name_.end() && by_type != errors_by_type_.end() &&
        by_name->second == by_type->second) {
      return;
    }
    if (by_name != errors_by_name_.end() || by_type != errors_by_type_.end()) {
      throw InvalidArgument("exception wire name \"" + type.name + "\" or type " +
                            pykka::detail::demangle(type.type->name()) + " is already registered");
    }
    const WireErrorType* entry = &error_entries_.emplace_back(std::move(type));
    errors_by_name_.emplace(entry->name, entry);
    errors_by_type_.emplace(std::type_index(*entry->type), entry);
  }

  const WireType* find(const std::type_info& type) const {
    std::shared_lock lock(mutex_);
    auto found = by_type_.find(std::type_index(type));
    return found == by_type_.end() ? nullptr : found->second;
  }
  const WireType* find(std::string_view name) const {
    std::shared_lock lock(mutex_);
    auto found = by_name_.find(std::string(name));
    return found == by_name_.end() ? nullptr : found->second;
  }
  const WireErrorType* find_error(const std::type_info& type) const {
    std::shared_lock lock(mutex_);
    auto found = errors_by_type_.find(std::type_index(type));
    return found == errors_by_type_.end() ? nullptr : found->second;
  }
  const WireErrorType* find_error(const std::string& name) const {
    std::shared_lock lock(mutex_);
    auto found = errors_by_name_.find(name);
    return found == errors_by_name_.end() ? nullptr : found->second;
  }

 private:
  template <class T>
  void builtin(std::string name) {
    add(WireType{std::move(name), &typeid(T), &pack_held<T>, &unpack_as<T>, &pack_value_of<T>});
  }
  // A type packed by the functions given, through its address, also when held by a Message.
  template <class T>
  void library_packed(std::string name, void (*pack_value)(Packer&, const void*),
                      Message (*unpack)(const msgpack::object&)) {
    add(WireType{std::move(name), &typeid(T), nullptr, unpack, pack_value});
  }
  template <class T>
  void builtin_with_containers(const std::string& name) {
    builtin<T>(name);
    builtin<std::vector<T>>("vector<" + name + ">");
    builtin<std::map<std::string, T>>("map<string," + name + ">");
  }
  template <class E>
  void builtin_error(std::string name) {
    add_error(WireErrorType{std::move(name), &typeid(E), [](const std::string& text) {
                              return std::make_exception_ptr(E(text));
                            }});
  }

  void add_builtins() {
    builtin_with_containers<bool>("bool");
    builtin_with_containers<signed char>("schar");
    builtin_with_containers<unsigned char>("uchar");
    builtin_with_containers<short>("short");
    builtin_with_containers<unsigned short>("ushort");
    builtin_with_containers<int>("int");
    builtin_with_containers<unsigned>("uint");
    builtin_with_containers<long>("long");
    builtin_with_containers<unsigned long>("ulong");
    builtin_with_containers<long long>("llong");
    builtin_with_containers<unsigned long long>("ullong");
    builtin_with_containers<float>("float");
    builtin_with_containers<double>("double");
    builtin_with_containers<std::string>("string");
    library_packed<ProxyCall>("pykka.ProxyCall", &pack_proxy_call, &unpack_proxy_call);
    library_packed<ProxyGetAttr>("pykka.ProxyGetAttr", &pack_proxy_get_attr,
                                 &unpack_proxy_get_attr);
    library_packed<ProxySetAttr>("pykka.ProxySetAttr", &pack_proxy_set_attr,
                                 &unpack_proxy_set_attr);
    builtin_error<Error>("pykka.Error");
    builtin_error<ActorDeadError>("pykka.ActorDeadError");
    builtin_error<Timeout>("pykka.Timeout");
    builtin_error<TypeError>("pykka.TypeError");
    builtin_error<InvalidArgument>("pykka.InvalidArgument");
    builtin_error<WireError>("pykka.remote.WireError");
  }

  mutable std::shared_mutex mutex_;
  std::deque<WireType> entries_;                                              // guarded by mutex_
  std::unordered_map<std::string, const WireType*> by_name_;                  // guarded by mutex_
  std::unordered_map<std::type_index, const WireType*> by_type_;              // guarded by mutex_
  std::deque<WireErrorType> error_entries_;                                   // guarded by mutex_
  std::unordered_map<std::string, const WireErrorType*> errors_by_name_;      // guarded by mutex_
  std::unordered_map<std::type_index, const WireErrorType*> errors_by_type_;  // guarded by mutex_
};

TypeTable& table() {
  // Leaked on purpose: nodes of daemon actors may still decode during static destruction.
  static TypeTable* const instance = new TypeTable;
  return *instance;
}

void pack_nested(Packer& packer, const Message& value) {
  packer.pack_array(2);
  if (!value.has_value()) {
    packer.pack(kNoneName);
    packer.pack_nil();
    return;
  }
  const WireType* type = table().find(value.type());
  if (type == nullptr) {
    throw TypeError(pykka::detail::demangle(value.type().name()) +
                    " cannot cross the wire: register it with pykka::remote::register_type");
  }
  packer.pack(type->name);
  pack_message(packer, *type, value);
}

Message unpack_nested(const msgpack::object& object) {
  if (object.type != msgpack::type::ARRAY || object.via.array.size != 2 ||
      object.via.array.ptr[0].type != msgpack::type::STR) {
    throw WireError("a nested value is [type name, payload]");
  }
  const msgpack::object_str& name = object.via.array.ptr[0].via.str;
  const std::string_view type_name(name.ptr, name.size);
  if (type_name == kNoneName) return {};
  const WireType* type = table().find(type_name);
  if (type == nullptr) throw WireError("unknown wire type \"" + std::string(type_name) + "\"");
  return type->unpack(object.via.array.ptr[1]);
}

const std::string& wire_name_of_exception(const std::exception& error, std::string& storage) {
  if (const auto* remote = dynamic_cast<const RemoteError*>(&error)) return remote->remote_type();
  if (const WireErrorType* entry = table().find_error(typeid(error))) return entry->name;
  storage = pykka::detail::demangle(typeid(error).name());
  return storage;
}

}  // namespace

void add_type(WireType type) { table().add(std::move(type)); }
void add_error(WireErrorType type) { table().add_error(std::move(type)); }

const WireType* find_type(const std::type_info& type) noexcept {
  try {
    return table().find(type);
  } catch (...) {
    return nullptr;
  }
}

const WireType& checked_type(const std::type_info& type) {
  const WireType* entry = table().find(type);
  if (entry == nullptr) {
    throw TypeError(pykka::detail::demangle(type.name()) +
                    " cannot cross the wire: register it with pykka::remote::register_type");
  }
  return *entry;
}

void pack_header(Packer& packer, FrameKind kind, std::string_view type_name) {
  packer.pack_array(4);
  packer.pack(kWireVersion);
  packer.pack(static_cast<std::uint8_t>(kind));
  packer.pack_str(static_cast<std::uint32_t>(type_name.size()));
  packer.pack_str_body(type_name.data(), static_cast<std::uint32_t>(type_name.size()));
}

std::string finish_frame(msgpack::sbuffer& buffer, std::size_t max_size) {
  if (buffer.size() > max_size) {
    throw InvalidArgument("frame of " + std::to_string(buffer.size()) +
                          " bytes exceeds the node's max_frame_size of " +
                          std::to_string(max_size));
  }
  return std::string(buffer.data(), buffer.size());
}

}  // namespace detail

std::string encode_frame(FrameKind kind, const Message& value, std::size_t max_size) {
  msgpack::sbuffer buffer;
  detail::Packer packer(buffer);
  if (!value.has_value()) {
    detail::pack_header(packer, kind, detail::kNoneName);
    packer.pack_nil();
  } else {
    const detail::WireType& type = detail::checked_type(value.type());
    detail::pack_header(packer, kind, type.name);
    detail::pack_message(packer, type, value);
  }
  return detail::finish_frame(buffer, max_size);
}

std::pair<std::string, std::string> describe_error(const std::exception_ptr& error) {
  std::string name;
  std::string text;
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& caught) {
    std::string storage;
    name = detail::wire_name_of_exception(caught, storage);
    if (const auto* remote = dynamic_cast<const RemoteError*>(&caught)) {
      text = remote->text();
    } else {
      text = caught.what();
    }
  } catch (const SystemExit& exit) {
    name = "pykka.SystemExit";
    text = exit.reason();
  } catch (...) {
    name = "unknown exception";
  }
  return {std::move(name), std::move(text)};
}

std::string encode_error(const std::exception_ptr& error) {
  auto [name, text] = describe_error(error);
  msgpack::sbuffer buffer;
  detail::Packer packer(buffer);
  detail::pack_header(packer, FrameKind::error, name);
  packer.pack(text);
  return std::string(buffer.data(), buffer.size());
}

Frame decode_frame(const char* data, std::size_t size, std::size_t max_size) {
  if (data == nullptr || size == 0) throw WireError("empty frame");
  if (size > max_size) {
    throw WireError("frame of " + std::to_string(size) + " bytes exceeds the limit of " +
                    std::to_string(max_size));
  }
  // Every array element and map entry takes at least one byte, so no count larger than the
  // frame can be honest: limiting counts to the frame size keeps a hostile header from making
  // the parser reserve memory for elements that are not there.
  const msgpack::unpack_limit limit(size, size, size, size, size, detail::kMaxDepth);
  msgpack::object_handle handle;
  std::size_t offset = 0;
  try {
    handle = msgpack::unpack(data, size, offset, nullptr, nullptr, limit);
  } catch (const std::exception& error) {
    throw WireError(std::string("not a msgpack frame: ") + error.what());
  }
  if (offset != size) throw WireError("trailing bytes after the frame");
  const msgpack::object& root = handle.get();
  if (root.type != msgpack::type::ARRAY || root.via.array.size != 4) {
    throw WireError("a frame is an array of four items");
  }
  const msgpack::object* items = root.via.array.ptr;
  if (items[0].type != msgpack::type::POSITIVE_INTEGER || items[0].via.u64 != kWireVersion) {
    throw WireError("unsupported frame version");
  }
  if (items[1].type != msgpack::type::POSITIVE_INTEGER || items[1].via.u64 < 1 ||
      items[1].via.u64 > static_cast<std::uint64_t>(FrameKind::leaving)) {
    throw WireError("unknown frame kind");
  }
  if (items[2].type != msgpack::type::STR || items[2].via.str.size > detail::kMaxTypeName) {
    throw WireError("bad wire type name");
  }
  Frame frame;
  frame.kind = static_cast<FrameKind>(items[1].via.u64);
  frame.type_name.assign(items[2].via.str.ptr, items[2].via.str.size);
  const msgpack::object& payload = items[3];
  try {
    if (frame.kind == FrameKind::error) {
      if (payload.type != msgpack::type::STR) throw WireError("an error's text is a string");
      frame.payload = Message(payload.as<std::string>());
    } else if (frame.type_name == detail::kNoneName) {
      if (payload.type != msgpack::type::NIL) throw WireError("a None payload is nil");
    } else {
      const detail::WireType* type = detail::table().find(frame.type_name);
      if (type == nullptr) throw WireError("unknown wire type \"" + frame.type_name + "\"");
      frame.payload = type->unpack(payload);
    }
  } catch (const WireError&) {
    throw;
  } catch (const std::exception& error) {
    throw WireError("payload is not a valid \"" + frame.type_name + "\": " + error.what());
  }
  return frame;
}

std::exception_ptr error_from_frame(const Frame& frame) {
  const auto* text_ptr = frame.payload.get_if<std::string>();
  std::string text = text_ptr != nullptr ? *text_ptr : std::string();
  if (const detail::WireErrorType* entry = detail::table().find_error(frame.type_name)) {
    return entry->make(text);
  }
  return std::make_exception_ptr(RemoteError(frame.type_name, std::move(text)));
}

}  // namespace pykka::remote
