#include "pykka/dynamic_proxy.hpp"

#include <ostream>
#include <sstream>
#include <string>

#include "proxies/proxy_text.hpp"
#include "pykka/detail/member_table.hpp"
#include "pykka/errors.hpp"
#include "pykka/proxy.hpp"

namespace pykka {

DynamicProxy::DynamicProxy(AnyActorRef ref) : ref_(std::move(ref)) {
  detail::check_proxy_target(ref_.cell().get());
  members_ = ref_.cell()->member_table();
}

DynamicProxy::DynamicProxy(const DynamicProxy& parent, std::string_view name)
    : ref_(parent.ref_), path_(parent.path_), entry_(parent.members_->find(name)) {
  path_.emplace_back(name);
  if (entry_->traverse != nullptr) {
    // A traversable member is itself a proxy, which Pykka only creates for a live actor.
    detail::check_proxy_target(ref_.cell().get());
    members_ = entry_->target();
  }
}

DynamicProxy DynamicProxy::attr(std::string_view name) const {
  // Like Pykka's proxy, names starting with "_" are private and never proxied.
  if (name.empty() || name.front() == '_' || members_ == nullptr ||
      members_->find(name) == nullptr) {
    std::ostringstream text;
    text << *this << " has no attribute '" << name << "'";
    throw AttributeError(text.str());
  }
  return DynamicProxy(*this, name);
}

Future<Message> DynamicProxy::get() const {
  check_field();
  return ref_.ask(ProxyGetAttr{path_}, nonblocking);
}

void DynamicProxy::check_method() const {
  if (entry_ != nullptr && entry_->is_method) return;
  std::ostringstream text;
  text << *this << " is not callable: "
       << (entry_ == nullptr ? "name a method with proxy[\"name\"]" : "it is a data member");
  throw TypeError(text.str());
}

void DynamicProxy::check_field() const {
  if (entry_ != nullptr && !entry_->is_method) return;
  std::ostringstream text;
  text << *this << " is not a data member: "
       << (entry_ == nullptr ? "name one with proxy[\"name\"]" : "it is a method; call it");
  throw TypeError(text.str());
}

void DynamicProxy::check_settable() const {
  if (entry_ != nullptr && entry_->is_method) {
    std::ostringstream text;
    text << "can't set attribute: " << *this << " is a method";
    throw AttributeError(text.str());
  }
  check_field();
}

std::ostream& operator<<(std::ostream& out, const DynamicProxy& proxy) {
  std::vector<detail::PathName> names;
  for (const std::string& name : proxy.path_) names.push_back({name, true});
  detail::print_proxy_text(out, proxy.ref_.cell().get(), names);
  return out;
}

}  // namespace pykka

std::size_t std::hash<pykka::DynamicProxy>::operator()(
    const pykka::DynamicProxy& proxy) const noexcept {
  std::size_t value = std::hash<pykka::AnyActorRef>{}(proxy.actor_ref());
  for (const std::string& name : proxy.attr_path())
    value = value * 31 + std::hash<std::string>{}(name);
  return value;
}
