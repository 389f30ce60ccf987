#include "pykka/registry.hpp"

#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "detail/log.hpp"

namespace pykka {
namespace {

class Registry {
 public:
  bool add(const std::shared_ptr<detail::ActorCell>& cell) {
    std::lock_guard lock(mutex_);
    if (index_.contains(cell.get())) return false;
    order_.push_back(cell);
    index_.emplace(cell.get(), std::prev(order_.end()));
    by_urn_.emplace(cell->urn(), cell.get());
    return true;
  }

  bool remove(const detail::ActorCell* cell) {
    std::shared_ptr<detail::ActorCell> removed;  // released outside the lock
    std::lock_guard lock(mutex_);
    auto found = index_.find(cell);
    if (found == index_.end()) return false;
    removed = std::move(*found->second);
    order_.erase(found->second);
    index_.erase(found);
    by_urn_.erase(cell->urn());
    return true;
  }

  std::vector<AnyActorRef> all() const {
    std::lock_guard lock(mutex_);
    std::vector<AnyActorRef> refs;
    refs.reserve(order_.size());
    for (const auto& cell : order_) refs.emplace_back(cell);
    return refs;
  }

  std::optional<AnyActorRef> by_urn(std::string_view urn) const {
    std::lock_guard lock(mutex_);
    auto found = by_urn_.find(urn);
    if (found == by_urn_.end()) return std::nullopt;
    return AnyActorRef(*index_.at(found->second));
  }

 private:
  using Order = std::list<std::shared_ptr<detail::ActorCell>>;
  mutable std::mutex mutex_;
  Order order_;                                                            // guarded by mutex_
  std::unordered_map<const detail::ActorCell*, Order::iterator> index_;    // guarded by mutex_
  std::unordered_map<std::string_view, const detail::ActorCell*> by_urn_;  // guarded by mutex_
};

// Leaked on purpose: daemon actors may still use it while static destructors run at exit.
Registry& registry() {
  static auto* instance = new Registry();
  return *instance;
}

}  // namespace

void ActorRegistry::register_actor(const AnyActorRef& ref) {
  if (!ref) throw InvalidArgument("cannot register an empty ActorRef");
  if (registry().add(ref.cell())) {
    detail::log_event(
        LogLevel::debug, [&] { return "Registered " + ref.cell()->display(); },
        ref.cell()->display());
  }
}

void ActorRegistry::unregister_actor(const AnyActorRef& ref) {
  if (!ref) return;
  const bool removed = registry().remove(ref.cell().get());
  detail::log_event(
      LogLevel::debug,
      [&] {
        return "Unregistered " + ref.cell()->display() +
               (removed ? "" : " (not found in registry)");
      },
      ref.cell()->display());
}

std::vector<AnyActorRef> ActorRegistry::get_all() { return registry().all(); }

std::vector<AnyActorRef> ActorRegistry::get_by_class_name(std::string_view name) {
  std::vector<AnyActorRef> found;
  for (auto& ref : get_all()) {
    if (ref.cell()->class_name() == name || ref.cell()->qualified_class_name() == name) {
      found.push_back(std::move(ref));
    }
  }
  return found;
}

std::optional<AnyActorRef> ActorRegistry::get_by_urn(std::string_view urn) {
  return registry().by_urn(urn);
}

std::vector<bool> ActorRegistry::stop_all() { return stop_all_for(std::nullopt); }

std::vector<bool> ActorRegistry::stop_all_for(std::optional<std::chrono::nanoseconds> timeout) {
  auto refs = get_all();
  std::vector<bool> results;
  results.reserve(refs.size());
  for (auto it = refs.rbegin(); it != refs.rend(); ++it) {
    results.push_back(timeout ? it->stop(*timeout) : it->stop());
  }
  return results;
}

std::vector<Future<bool>> ActorRegistry::stop_all(Nonblocking /*unused*/) {
  auto refs = get_all();
  std::vector<Future<bool>> results;
  results.reserve(refs.size());
  for (auto it = refs.rbegin(); it != refs.rend(); ++it) results.push_back(it->stop(nonblocking));
  return results;
}

}  // namespace pykka
