#include "pykka/system.hpp"

#include <algorithm>
#include <string>

#include "diagnostics/log.hpp"
#include "system/system_core.hpp"

namespace pykka {
namespace detail {
namespace {

// Every system's core, for debug dumps that cover the whole process. Leaked on purpose: actor
// threads may dump while static destructors run at exit.
struct LiveSystems {
  std::mutex mutex;
  std::vector<SystemCore*> cores;  // guarded by mutex
};

LiveSystems& live_systems() {
  static auto* instance = new LiveSystems();
  return *instance;
}

}  // namespace

SystemCore::SystemCore() {
  std::lock_guard lock(live_systems().mutex);
  live_systems().cores.push_back(this);
}

SystemCore::~SystemCore() {
  std::lock_guard lock(live_systems().mutex);
  auto& cores = live_systems().cores;
  cores.erase(std::remove(cores.begin(), cores.end(), this), cores.end());
}

void SystemCore::make_view(const std::shared_ptr<SystemCore>& self) {
  // Non-owning: the view lives inside the core, so it must not keep the core alive.
  view_.reset(new ActorSystem(ActorSystem::Adopt{},
                              std::shared_ptr<SystemCore>(std::shared_ptr<void>(), self.get())));
  set_facade(nullptr);
}

void SystemCore::unregister_actor(ActorCell& cell) noexcept {
  try {
    registry.unregister_actor(AnyActorRef(cell.shared_from_this()));
  } catch (...) {
    // Out of memory while logging: the entry is gone all the same.
  }
}

void SystemCore::stop_all_nonblocking() noexcept {
  try {
    (void)registry.stop_all(nonblocking);
  } catch (...) {
    // Out of memory: the actors that were not reached keep running, as after a failed tell.
  }
}

std::vector<AnyActorRef> actors_of_every_system() {
  std::vector<AnyActorRef> all;
  std::lock_guard lock(live_systems().mutex);
  for (SystemCore* core : live_systems().cores) {
    auto actors = core->registry.get_all();
    all.insert(all.end(), actors.begin(), actors.end());
  }
  return all;
}

}  // namespace detail

ActorSystem::ActorSystem() : core_(std::make_shared<detail::SystemCore>()) {
  core_->make_view(core_);
  core_->set_facade(this);
}

ActorSystem::ActorSystem(Adopt /*unused*/, std::shared_ptr<detail::SystemCore> core) noexcept
    : core_(std::move(core)), owner_(false) {}

ActorSystem::~ActorSystem() {
  if (!owner_) return;
  // From here on actors see the core's own view, which outlives this object.
  core_->set_facade(nullptr);
  (void)shutdown_for(std::chrono::seconds(5));
}

ActorSystem& ActorSystem::default_system() {
  // Leaked on purpose: actors of the default system run until process exit.
  static ActorSystem* const instance = new ActorSystem();
  return *instance;
}

ActorSystem& ActorSystem::current() noexcept {
  if (detail::ActorCell* cell = detail::ActorCell::current()) return cell->system().facade();
  return default_system();
}

Registry& ActorSystem::registry() noexcept { return core_->registry; }

Clock& ActorSystem::clock() noexcept { return core_->clock; }

void ActorSystem::set_deadlock_policy(DeadlockPolicy policy) noexcept {
  core_->deadlock_policy.store(policy, std::memory_order_relaxed);
}

DeadlockPolicy ActorSystem::deadlock_policy() const noexcept {
  return core_->deadlock_policy.load(std::memory_order_relaxed);
}

bool ActorSystem::is_shut_down() const noexcept {
  return core_->shutting_down.load(std::memory_order_acquire);
}

Runtime& ActorSystem::runtime_for(const std::type_info& type, std::unique_ptr<Runtime> (*make)()) {
  std::lock_guard lock(core_->runtimes_mutex);
  for (auto& [known, runtime] : core_->runtimes) {
    if (*known == type) return *runtime;
  }
  core_->runtimes.emplace_back(&type, make());
  return *core_->runtimes.back().second;
}

std::shared_ptr<detail::ActorCell> ActorSystem::new_cell(const detail::ActorClassInfo& info,
                                                         Runtime& runtime) {
  return std::make_shared<detail::ActorCell>(info, core_, runtime);
}

void ActorSystem::admit(const AnyActorRef& ref) {
  std::lock_guard lock(core_->admission);
  if (core_->shut_down) {
    throw Error("cannot start " + ref.cell()->display() + ": its actor system is shut down");
  }
  core_->registry.register_actor(ref);
}

bool ActorSystem::shutdown_for(std::chrono::nanoseconds timeout) noexcept {
  detail::SystemCore& core = *core_;
  {
    std::lock_guard lock(core.admission);
    if (core.shut_down) return core.registry.get_all().empty();
    core.shut_down = true;
    core.shutting_down.store(true, std::memory_order_release);
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  core.clock.shutdown();  // no timer tells an actor that is being stopped
  const detail::ActorCell* self = detail::ActorCell::current();
  bool in_time = true;
  try {
    auto actors = core.registry.get_all();
    for (auto it = actors.rbegin(); it != actors.rend(); ++it) {
      if (it->cell()->has_live_parent()) continue;  // its parent stops it before itself
      const auto left = deadline - std::chrono::steady_clock::now();
      if (it->cell().get() == self || !in_time || left <= std::chrono::nanoseconds::zero()) {
        // Our own actor stops after its current message; the rest get their stop request
        // without a wait once the time is up.
        (void)it->stop(nonblocking);
        if (it->cell().get() != self) in_time = false;
        continue;
      }
      try {
        (void)it->stop(std::chrono::duration_cast<std::chrono::nanoseconds>(left));
      } catch (...) {
        in_time = false;  // Timeout (or a deadlock report under policy raise)
      }
    }
    if (!in_time) {
      for (const auto& ref : core.registry.get_all()) {
        if (ref.cell().get() == self) continue;
        detail::log_event(
            LogLevel::warning,
            [&] {
              return "Actor system shut down without waiting for " + ref.cell()->display() +
                     ", still running";
            },
            *ref.cell());
      }
    }
  } catch (...) {
    in_time = false;  // out of memory: whatever was not reached keeps running
  }
  std::lock_guard lock(core.runtimes_mutex);
  for (auto& entry : core.runtimes) entry.second->shutdown();
  return in_time;
}

}  // namespace pykka
