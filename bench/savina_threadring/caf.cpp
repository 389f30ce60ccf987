// Savina ThreadRing, CAF peer: a token travels `count` hops around a ring of 1000 actors.

#include <vector>

#include "caf_support.hpp"
#include "harness.hpp"

using namespace bench::caf_peer;

namespace {

constexpr int kRingSize = 1000;

caf::behavior node(caf::event_based_actor* self, Done done) {
  auto next = std::make_shared<caf::actor>();
  return {
      [next](next_atom, const caf::actor& successor) { *next = successor; },
      [self, next, done](token_atom, long left) {
        if (left == 0) {
          done->set_value();
        } else {
          self->send(*next, token_atom::value, left - 1);
        }
      },
  };
}

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 100'000);
  caf::actor_system_config config;
  caf::actor_system system{config};
  Done done = make_done();
  std::vector<caf::actor> ring;
  for (int i = 0; i < kRingSize; ++i) ring.push_back(system.spawn(node, done));
  for (int i = 0; i < kRingSize; ++i) {
    caf::anon_send(ring[static_cast<std::size_t>(i)], next_atom::value,
                   ring[static_cast<std::size_t>((i + 1) % kRingSize)]);
  }
  bench::Stopwatch stopwatch;
  caf::anon_send(ring[0], token_atom::value, count);
  done->get_future().wait();
  const double seconds = stopwatch.seconds();
  for (auto& member : ring) caf::anon_send_exit(member, caf::exit_reason::user_shutdown);
  bench::report_rate("savina_threadring", "caf", "hops/s", count, seconds);
}
