#include "pykka/members.hpp"

#include <string>

#include "proxies/proxy_text.hpp"
#include "pykka/actor_ref.hpp"
#include "pykka/detail/member_table.hpp"

namespace pykka::detail {

const MemberEntry* MemberTable::find(std::string_view name) const noexcept {
  for (const MemberEntry& entry : *this) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

std::string describe_arity_mismatch(std::size_t expected, std::size_t given) {
  return "takes " + std::to_string(expected) + (expected == 1 ? " argument" : " arguments") +
         " but " + std::to_string(given) + (given == 1 ? " was" : " were") + " given";
}

std::string describe_type_mismatch(std::size_t index, const std::string& expected,
                                   const Message& given) {
  return "argument " + std::to_string(index) + " must be " + expected + ", not " +
         given.type_name();
}

std::string no_attribute(const std::string& owner, std::string_view name) {
  return "'" + owner + "' object has no attribute '" + std::string(name) + "'";
}

Located locate_owner(Actor& actor, const AttrPath& path) {
  if (path.empty()) throw InvalidArgument("attr_path is empty: it must name a member");
  // The command runs on the actor's own context, so its cell is alive and its class fixed.
  const AnyActorRef self = actor.actor_ref();
  Located here;
  here.table = self.cell()->member_table();
  here.object = here.table != nullptr ? here.table->from_actor(actor) : nullptr;
  here.owner = self.actor_class_name();
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    const MemberEntry* entry = here.table != nullptr ? here.table->find(path[i]) : nullptr;
    if (entry == nullptr) throw AttributeError(no_attribute(here.owner, path[i]));
    if (entry->traverse == nullptr) {
      throw AttributeError("'" + here.owner + "." + path[i] + "' is not traversable, so '" +
                           path[i + 1] + "' cannot be reached through it");
    }
    here.object = entry->traverse(here.object);
    here.table = entry->target();
    here.owner = here.table != nullptr ? here.table->class_name() : unqualified(entry->type_name());
  }
  return here;
}

}  // namespace pykka::detail
