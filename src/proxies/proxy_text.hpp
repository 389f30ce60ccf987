#pragma once

// Private helpers shared by the typed and the dynamic proxies: texts and name resolution.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pykka/detail/member_table.hpp"
#include "pykka/messages.hpp"

namespace pykka::detail {

class ActorCell;

/// One name on a proxy's path; `quoted` is false for members published under no name.
struct PathName {
  std::string name;
  bool quoted = true;
};

/// Writes "<ActorProxy for {actor}, attr_path=['a', 'b']>".
void print_proxy_text(std::ostream& out, const ActorCell* cell, const std::vector<PathName>& path);

/// Returns Python's AttributeError text: "'Calculator' object has no attribute 'x'".
std::string no_attribute(const std::string& owner, std::string_view name);

/// The object holding the last name of a path, found on the actor's context.
struct Located {
  void* object = nullptr;
  const MemberTable* table = nullptr;  // null if the object publishes no members
  std::string owner;                   // its class name, for error texts
};

/// Walks every name of `path` but the last, starting at `actor`. Throws InvalidArgument for an
/// empty path and AttributeError for an unknown or untraversable name.
Located locate_owner(Actor& actor, const AttrPath& path);

}  // namespace pykka::detail
