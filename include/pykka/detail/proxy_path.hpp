#pragma once

// The path from an actor to the object a typed proxy points to (Pykka's attr_path). Not API.
//
// A root proxy has no path: it points to the actor itself and its messages carry nothing
// extra. A traversed proxy holds an immutable chain of PathNodes, one per traversed member,
// shared by every copy of the proxy and every message it sends (sending copies a shared_ptr,
// it never allocates). Nodes are resolved only on the actor's context.

#include <memory>
#include <string>
#include <type_traits>

#include "pykka/actor.hpp"
#include "pykka/detail/proxy_traits.hpp"
#include "pykka/traversable.hpp"

namespace pykka::detail {

/// One traversed member on the way from the actor to a proxy's object.
class PathNode {
 public:
  virtual ~PathNode() = default;
  PathNode(const PathNode&) = delete;
  PathNode& operator=(const PathNode&) = delete;

  /// Returns the object this node leads to, starting at `actor`. Actor's context only.
  [[nodiscard]] void* resolve(Actor& actor) const noexcept {
    void* owner = parent_ ? parent_->resolve(actor) : root_(actor);
    return step(owner);
  }

  /// The member's published name, or "<unnamed T>" when its class publishes none.
  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  /// True if the name came from a member table (printed quoted, like Pykka's).
  [[nodiscard]] bool named() const noexcept { return named_; }
  [[nodiscard]] const PathNode* parent() const noexcept { return parent_.get(); }

  /// Returns true if both chains traverse the same members.
  [[nodiscard]] static bool same_path(const PathNode* a, const PathNode* b) noexcept {
    for (; a != nullptr && b != nullptr; a = a->parent(), b = b->parent()) {
      if (a != b && !a->same_step(*b)) return false;
      if (a == b) return true;  // shared tail
    }
    return a == b;
  }

 protected:
  PathNode(std::shared_ptr<const PathNode> parent, void* (*root)(Actor&) noexcept, std::string name,
           bool named)
      : parent_(std::move(parent)), root_(root), name_(std::move(name)), named_(named) {}

  /// Returns the member inside `owner` (the object the previous node led to).
  [[nodiscard]] virtual void* step(void* owner) const noexcept = 0;
  /// Returns true if `other` traverses the same member.
  [[nodiscard]] virtual bool same_step(const PathNode& other) const noexcept = 0;

 private:
  std::shared_ptr<const PathNode> parent_;
  void* (*root_)(Actor&) noexcept;  // the actor as the first owner's class (used without parent)
  std::string name_;
  bool named_;
};

template <class Owner>
void* actor_as_owner(Actor& actor) noexcept {
  return static_cast<void*>(static_cast<Owner*>(&actor));
}

/// Traverses member `pointer` of an object of class Owner.
template <class Owner, class Pointer>
class MemberStep final : public PathNode {
 public:
  using Member = typename DataMemberTraits<Pointer>::type;
  using Target = traversal_target_t<Member>;

  MemberStep(std::shared_ptr<const PathNode> parent, void* (*root)(Actor&) noexcept,
             Pointer pointer, std::string name, bool named)
      : PathNode(std::move(parent), root, std::move(name), named), pointer_(pointer) {}

 private:
  [[nodiscard]] void* step(void* owner) const noexcept override {
    Target& target = static_cast<Owner*>(owner)->*pointer_;
    return const_cast<void*>(static_cast<const void*>(std::addressof(target)));
  }
  [[nodiscard]] bool same_step(const PathNode& other) const noexcept override {
    const auto* same = dynamic_cast<const MemberStep*>(&other);
    return same != nullptr && same->pointer_ == pointer_;
  }

  Pointer pointer_;
};

/// Where a typed message finds its object: the actor itself, as an A.
template <class A>
struct RootPath {
  A& resolve(Actor& actor) const noexcept { return static_cast<A&>(actor); }
};

/// Where a typed message finds its object: at the end of a traversal path.
template <class T>
struct NodePath {
  std::shared_ptr<const PathNode> node;
  T& resolve(Actor& actor) const noexcept { return *static_cast<T*>(node->resolve(actor)); }
};

}  // namespace pykka::detail
