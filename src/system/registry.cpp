#include "pykka/registry.hpp"

#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "diagnostics/log.hpp"
#include "pykka/system.hpp"

namespace pykka {

struct Registry::Store {
  bool add(const std::shared_ptr<detail::ActorCell>& cell) {
    std::lock_guard lock(mutex);
    if (index.contains(cell.get())) return false;
    order.push_back(cell);
    index.emplace(cell.get(), std::prev(order.end()));
    by_urn.emplace(cell->urn(), cell.get());
    return true;
  }

  bool remove(const detail::ActorCell* cell) {
    std::shared_ptr<detail::ActorCell> removed;  // released outside the lock
    std::lock_guard lock(mutex);
    auto found = index.find(cell);
    if (found == index.end()) return false;
    removed = std::move(*found->second);
    order.erase(found->second);
    index.erase(found);
    by_urn.erase(cell->urn());
    return true;
  }

  std::vector<AnyActorRef> all() const {
    std::lock_guard lock(mutex);
    std::vector<AnyActorRef> refs;
    refs.reserve(order.size());
    for (const auto& cell : order) refs.emplace_back(cell);
    return refs;
  }

  std::optional<AnyActorRef> find_urn(std::string_view urn) const {
    std::lock_guard lock(mutex);
    auto found = by_urn.find(urn);
    if (found == by_urn.end()) return std::nullopt;
    return AnyActorRef(*index.at(found->second));
  }

  using Order = std::list<std::shared_ptr<detail::ActorCell>>;
  mutable std::mutex mutex;
  Order order;                                                            // guarded by mutex
  std::unordered_map<const detail::ActorCell*, Order::iterator> index;    // guarded by mutex
  std::unordered_map<std::string_view, const detail::ActorCell*> by_urn;  // guarded by mutex
};

Registry::Registry() : store_(std::make_unique<Store>()) {}

Registry::~Registry() = default;

void Registry::register_actor(const AnyActorRef& ref) {
  if (!ref) throw InvalidArgument("cannot register an empty ActorRef");
  if (store_->add(ref.cell())) {
    detail::log_event(
        LogLevel::debug, [&] { return "Registered " + ref.cell()->display(); },
        ref.cell()->display());
  }
}

void Registry::unregister_actor(const AnyActorRef& ref) {
  if (!ref) return;
  const bool removed = store_->remove(ref.cell().get());
  detail::log_event(
      LogLevel::debug,
      [&] {
        return "Unregistered " + ref.cell()->display() +
               (removed ? "" : " (not found in registry)");
      },
      ref.cell()->display());
}

std::vector<AnyActorRef> Registry::get_all() const { return store_->all(); }

std::vector<AnyActorRef> Registry::get_by_class_name(std::string_view name) const {
  std::vector<AnyActorRef> found;
  for (auto& ref : get_all()) {
    if (ref.cell()->class_name() == name || ref.cell()->qualified_class_name() == name) {
      found.push_back(std::move(ref));
    }
  }
  return found;
}

std::optional<AnyActorRef> Registry::get_by_urn(std::string_view urn) const {
  return store_->find_urn(urn);
}

std::vector<bool> Registry::stop_all() { return stop_all_for(std::nullopt); }

std::vector<bool> Registry::stop_all_for(std::optional<std::chrono::nanoseconds> timeout) {
  auto refs = get_all();
  std::vector<bool> results;
  results.reserve(refs.size());
  // A child whose parent is alive is left to that parent, which stops it (and the rest of its
  // children, last started first) before itself: stopping it here first would let a supervisor
  // restart it. Its result is read once its parent has stopped.
  std::vector<std::size_t> left_to_parents;
  for (auto it = refs.rbegin(); it != refs.rend(); ++it) {
    if (it->cell()->has_live_parent()) {
      left_to_parents.push_back(results.size());
      results.push_back(false);
      continue;
    }
    results.push_back(timeout ? it->stop(*timeout) : it->stop());
  }
  for (std::size_t index : left_to_parents) {
    const auto& child = refs[refs.size() - 1 - index];
    results[index] = !child.is_alive() || (timeout ? child.stop(*timeout) : child.stop());
  }
  return results;
}

std::vector<Future<bool>> Registry::stop_all(Nonblocking /*unused*/) {
  auto refs = get_all();
  std::vector<Future<bool>> results;
  results.reserve(refs.size());
  for (auto it = refs.rbegin(); it != refs.rend(); ++it) {
    if (it->cell()->has_live_parent()) {
      // Left to its parent (see stop_all_for): done when the child is torn down.
      results.push_back(it->termination().then([] { return true; }));
      continue;
    }
    results.push_back(it->stop(nonblocking));
  }
  return results;
}

Registry& ActorRegistry::current() { return ActorSystem::current().registry(); }

}  // namespace pykka
