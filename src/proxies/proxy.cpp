#include "pykka/proxy.hpp"

#include <algorithm>
#include <ostream>

#include "proxies/proxy_text.hpp"
#include "pykka/errors.hpp"

namespace pykka::detail {
namespace {

std::vector<PathName> names_of(const PathNode* path) {
  std::vector<PathName> names;
  for (; path != nullptr; path = path->parent()) names.push_back({path->name(), path->named()});
  std::reverse(names.begin(), names.end());
  return names;
}

}  // namespace

void check_proxy_target(const ActorCell* cell) {
  if (cell == nullptr) throw Error("empty ActorRef: it does not point to any actor");
  if (!cell->is_alive()) throw ActorDeadError(cell->display() + " not found");
}

void print_proxy_text(std::ostream& out, const ActorCell* cell, const std::vector<PathName>& path) {
  out << "<ActorProxy for " << (cell != nullptr ? cell->display() : "ActorRef(empty)")
      << ", attr_path=[";
  const char* separator = "";
  for (const PathName& step : path) {
    out << separator;
    if (step.quoted) {
      out << '\'' << step.name << '\'';
    } else {
      out << step.name;
    }
    separator = ", ";
  }
  out << "]>";
}

std::ostream& print_proxy(std::ostream& out, const ActorCell* cell, const PathNode* path) {
  print_proxy_text(out, cell, names_of(path));
  return out;
}

std::vector<std::string> path_names(const PathNode* path) {
  std::vector<std::string> names;
  for (PathName& step : names_of(path)) names.push_back(std::move(step.name));
  return names;
}

std::size_t hash_proxy(const ActorCell* cell, const PathNode* path) noexcept {
  // Equal paths traverse equal member pointers, which always carry equal names, so hashing the
  // names is consistent with PathNode::same_path.
  std::size_t hash = std::hash<const void*>{}(cell);
  for (; path != nullptr; path = path->parent()) {
    hash = hash * 31 + std::hash<std::string>{}(path->name());
  }
  return hash;
}

}  // namespace pykka::detail
