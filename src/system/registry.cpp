#include "pykka/registry.hpp"

#include <algorithm>
#include <iterator>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "diagnostics/log.hpp"
#include "pykka/detail/actor_cell.hpp"
#include "pykka/system.hpp"

namespace pykka {

// The actors in registration order, in a vector with holes: registering appends, unregistering
// leaves an empty slot, and the slots are compacted once the holes outnumber the actors. Each
// actor costs one slot and one index node, with no list node of its own, which matters when a
// process holds a million actors; both operations stay O(1) amortised.
struct Registry::Store {
  using Index = std::unordered_map<std::string_view, std::size_t>;

  Store() { spare.reserve(kMaxSpareNodes); }

  bool add(const std::shared_ptr<detail::ActorCell>& cell) {
    std::lock_guard lock(mutex);
    // One hash lookup: claim the URN, then fill its slot (undone if the slot cannot be had).
    Index::iterator entry;
    if (spare.empty()) {
      bool added = false;
      std::tie(entry, added) = by_urn.try_emplace(cell->urn(), slots.size());
      if (!added) return false;
    } else {
      Index::node_type node = std::move(spare.back());
      spare.pop_back();
      node.key() = cell->urn();
      node.mapped() = slots.size();
      auto inserted = by_urn.insert(std::move(node));
      if (!inserted.inserted) {
        spare.push_back(std::move(inserted.node));
        return false;
      }
      entry = inserted.position;
    }
    try {
      slots.push_back(cell);
    } catch (...) {
      keep_spare(by_urn.extract(entry));
      throw;
    }
    return true;
  }

  bool remove(const detail::ActorCell* cell) {
    std::shared_ptr<detail::ActorCell> removed;  // released outside the lock
    std::lock_guard lock(mutex);
    auto found = by_urn.find(cell->urn());
    if (found == by_urn.end() || slots[found->second].get() != cell) return false;
    removed = std::move(slots[found->second]);
    keep_spare(by_urn.extract(found));
    ++holes;
    if (holes > kMinHolesToCompact && holes > by_urn.size()) compact();
    return true;
  }

  std::vector<AnyActorRef> all() const {
    std::lock_guard lock(mutex);
    std::vector<AnyActorRef> refs;
    refs.reserve(by_urn.size());
    for (const auto& cell : slots) {
      if (cell) refs.emplace_back(cell);
    }
    return refs;
  }

  std::optional<AnyActorRef> find_urn(std::string_view urn) const {
    std::lock_guard lock(mutex);
    auto found = by_urn.find(urn);
    if (found == by_urn.end()) return std::nullopt;
    return AnyActorRef(slots[found->second]);
  }

  // Moves the live slots to the front, keeping their order, and re-points the index at them.
  void compact() noexcept {
    std::size_t kept = 0;
    for (auto& cell : slots) {
      if (!cell) continue;
      by_urn.find(cell->urn())->second = kept;
      if (&slots[kept] != &cell) slots[kept] = std::move(cell);
      ++kept;
    }
    slots.resize(kept);
    holes = 0;
  }

  // Keeps an index node for the next add (up to kMaxSpareNodes), else frees it. An actor is
  // usually unregistered on its own thread and registered on its starter's: a node freed on the
  // actor's thread would wait in that thread's malloc cache, out of the starter's reach, and
  // under churn those caches grow by one node per replaced actor across all actor threads.
  void keep_spare(Index::node_type node) noexcept {
    if (spare.size() < kMaxSpareNodes) spare.push_back(std::move(node));
  }

  static constexpr std::size_t kMinHolesToCompact = 64;
  static constexpr std::size_t kMaxSpareNodes = 256;
  mutable std::mutex mutex;
  std::vector<std::shared_ptr<detail::ActorCell>> slots;  // guarded by mutex
  Index by_urn;                                           // guarded by mutex
  std::vector<Index::node_type> spare;                    // emptied nodes; guarded by mutex
  std::size_t holes = 0;                                  // empty slots; guarded by mutex
};

Registry::Registry() : store_(std::make_unique<Store>()) {}

Registry::~Registry() = default;

void Registry::register_actor(const AnyActorRef& ref) {
  if (!ref) throw InvalidArgument("cannot register an empty ActorRef");
  if (store_->add(ref.cell())) {
    detail::log_event(
        LogLevel::debug, [&] { return "Registered " + ref.cell()->display(); }, *ref.cell());
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
      *ref.cell());
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

namespace {

// stop_all() from a plain thread, as a chain: each actor's stop is requested by the completion
// callback of the previous actor's stop, so actor k is asked to stop only once actor k + 1 has
// stopped, exactly as with one blocking stop after the other, but without a round trip through
// the calling thread per actor (two wake-ups across cores, most of the cost of a stop). The
// calling thread waits once, for the end of the chain. A child whose parent is alive is left to
// that parent (see stop_all_for). The callbacks run on the threads completing the stops, one
// after another; Future flattens callbacks registered on complete futures, so the stack stays
// flat whatever the number of actors.
struct StopChain {
  std::vector<AnyActorRef> refs;  // in stopping order
  std::vector<bool> results;
  std::vector<std::size_t> left_to_parents;
  std::size_t next = 0;
  Future<void> finished;
};

void advance(const std::shared_ptr<StopChain>& chain) {
  try {
    while (chain->next < chain->refs.size()) {
      const std::size_t index = chain->next++;
      const AnyActorRef& ref = chain->refs[index];
      if (ref.cell()->has_live_parent()) {
        chain->left_to_parents.push_back(index);
        continue;
      }
      ref.stop(nonblocking).on_done([chain, index](const Future<bool>& stopped) {
        try {
          chain->results[index] = stopped.get();
        } catch (...) {
          chain->finished.set_exception(std::current_exception());
          return;
        }
        advance(chain);
      });
      return;
    }
    chain->finished.set();
  } catch (...) {
    chain->finished.set_exception(std::current_exception());
  }
}

}  // namespace

std::vector<bool> Registry::stop_all_for(std::optional<std::chrono::nanoseconds> timeout) {
  auto refs = get_all();
  std::vector<bool> results;
  std::vector<std::size_t> left_to_parents;
  if (!timeout && detail::ActorCell::current() == nullptr) {
    auto chain = std::make_shared<StopChain>();
    chain->refs.assign(std::make_move_iterator(refs.rbegin()),
                       std::make_move_iterator(refs.rend()));
    chain->results.assign(chain->refs.size(), false);
    advance(chain);
    chain->finished.get();
    results = std::move(chain->results);
    left_to_parents = std::move(chain->left_to_parents);
    refs = std::move(chain->refs);
  } else {
    // With a timeout per stop, or inside an actor (where waiting on a stop is what deadlock
    // detection watches): one blocking stop after the other.
    std::reverse(refs.begin(), refs.end());
    results.reserve(refs.size());
    for (const auto& ref : refs) {
      // A child whose parent is alive is left to that parent, which stops it (and the rest of
      // its children, last started first) before itself: stopping it here first would let a
      // supervisor restart it. Its result is read once its parent has stopped.
      if (ref.cell()->has_live_parent()) {
        left_to_parents.push_back(results.size());
        results.push_back(false);
        continue;
      }
      results.push_back(timeout ? ref.stop(*timeout) : ref.stop());
    }
  }
  for (std::size_t index : left_to_parents) {
    const auto& child = refs[index];
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
