#include "pykka/messages.hpp"

#include <ostream>
#include <string>

#include "proxies/proxy_text.hpp"
#include "pykka/detail/member_table.hpp"
#include "pykka/errors.hpp"

namespace pykka {
namespace {

const detail::MemberEntry& find_member(const detail::Located& owner, const std::string& name) {
  const detail::MemberEntry* entry = owner.table != nullptr ? owner.table->find(name) : nullptr;
  if (entry == nullptr) throw AttributeError(detail::no_attribute(owner.owner, name));
  return *entry;
}

const detail::MemberEntry& find_field(const detail::Located& owner, const std::string& name) {
  const detail::MemberEntry& entry = find_member(owner, name);
  if (entry.is_method) {
    throw TypeError("'" + owner.owner + "." + name + "' is a method, not a data member: call it");
  }
  return entry;
}

std::string argument_types(const std::vector<Message>& args) {
  std::string text;
  for (const Message& arg : args) text += (text.empty() ? "" : ", ") + arg.type_name();
  return text;
}

void print_attr_path(std::ostream& out, const AttrPath& path) {
  out << "attr_path=[";
  const char* separator = "";
  for (const std::string& name : path) {
    out << separator << '\'' << name << '\'';
    separator = ", ";
  }
  out << ']';
}

}  // namespace

Message ProxyCall::execute(Actor& actor) {
  const detail::Located owner = detail::locate_owner(actor, attr_path);
  const std::string& name = attr_path.back();
  if (!find_member(owner, name).is_method) {
    throw TypeError("'" + owner.owner + "." + name +
                    "' is a data member, not a method: it is "
                    "not callable");
  }
  // Overloads share a name: the first whose parameters fit the arguments exactly is called.
  std::string first_reason;
  std::size_t candidates = 0;
  for (const detail::MemberEntry& entry : *owner.table) {
    if (entry.name != name || !entry.is_method) continue;
    ++candidates;
    std::string reason = entry.mismatch(args);
    if (reason.empty()) return entry.call(owner.object, args);
    if (first_reason.empty()) first_reason = std::move(reason);
  }
  if (candidates == 1) throw TypeError(owner.owner + "." + name + "() " + first_reason);
  throw TypeError("no overload of " + owner.owner + "." + name + "() takes (" +
                  argument_types(args) + ")");
}

Message ProxyGetAttr::execute(Actor& actor) {
  const detail::Located owner = detail::locate_owner(actor, attr_path);
  const detail::MemberEntry& entry = find_field(owner, attr_path.back());
  if (entry.get == nullptr) {
    throw TypeError("'" + owner.owner + "." + attr_path.back() +
                    "' cannot be copied, so it cannot be read through a message");
  }
  return entry.get(owner.object);
}

void ProxySetAttr::execute(Actor& actor) {
  const detail::Located owner = detail::locate_owner(actor, attr_path);
  const detail::MemberEntry& entry = find_member(owner, attr_path.back());
  // Pykka's setattr on something that cannot take a value raises AttributeError.
  if (entry.is_method) {
    throw AttributeError("can't set attribute '" + attr_path.back() + "' of '" + owner.owner +
                         "': it is a method");
  }
  if (entry.set == nullptr) {
    throw AttributeError("can't set attribute '" + attr_path.back() + "' of '" + owner.owner +
                         "': it is not assignable");
  }
  if (!entry.set(owner.object, value)) {
    throw TypeError("'" + owner.owner + "." + attr_path.back() + "' must be " + entry.type_name() +
                    ", not " + value.type_name());
  }
}

std::ostream& operator<<(std::ostream& out, const ProxyCall& message) {
  out << "ProxyCall(";
  print_attr_path(out, message.attr_path);
  out << ", args=(";
  const char* separator = "";
  for (const Message& arg : message.args) {
    out << separator << arg;
    separator = ", ";
  }
  return out << (message.args.size() == 1 ? ",))" : "))");
}

std::ostream& operator<<(std::ostream& out, const ProxyGetAttr& message) {
  out << "ProxyGetAttr(";
  print_attr_path(out, message.attr_path);
  return out << ')';
}

std::ostream& operator<<(std::ostream& out, const ProxySetAttr& message) {
  out << "ProxySetAttr(";
  print_attr_path(out, message.attr_path);
  return out << ", value=" << message.value << ')';
}

}  // namespace pykka
