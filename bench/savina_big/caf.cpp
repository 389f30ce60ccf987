// Savina Big, CAF peer: 100 actors each send `count` pings, one at a time, to random peers,
// which answer with a pong.

#include <atomic>
#include <vector>

#include "caf_support.hpp"
#include "harness.hpp"

using namespace bench::caf_peer;

namespace {

constexpr int kActors = 100;

struct Shared {
  explicit Shared(long actors) : running(actors) {}
  std::vector<caf::actor> peers;
  std::atomic<long> running;
  std::promise<void> done;
};

struct PeerState {
  long left = 0;
  bench::Random random{0};
};

using Peer = caf::stateful_actor<PeerState>;

caf::behavior peer(Peer* self, std::shared_ptr<Shared> shared, long pings, unsigned long seed) {
  self->state.left = pings;
  self->state.random = bench::Random(seed);
  auto next = [self, shared] {
    if (self->state.left == 0) {
      if (shared->running.fetch_sub(1, std::memory_order_acq_rel) == 1) shared->done.set_value();
    } else {
      --self->state.left;
      self->send(shared->peers[self->state.random.next(kActors)], ping_atom::value);
    }
  };
  return {
      [](ping_atom) { return pong_atom::value; },
      [next](pong_atom) { next(); },
      [next](start_atom) { next(); },
  };
}

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 2'000);
  caf::actor_system_config config;
  caf::actor_system system{config};
  auto shared = std::make_shared<Shared>(kActors);
  for (int i = 0; i < kActors; ++i) {
    shared->peers.push_back(system.spawn(peer, shared, count, static_cast<unsigned long>(i)));
  }
  bench::Stopwatch stopwatch;
  for (auto& member : shared->peers) caf::anon_send(member, start_atom::value);
  shared->done.get_future().wait();
  const double seconds = stopwatch.seconds();
  for (auto& member : shared->peers) caf::anon_send_exit(member, caf::exit_reason::user_shutdown);
  bench::report_rate("savina_big", "caf", "msg/s", 2 * count * kActors, seconds);
}
