// stop_all: start many idle actors, then time ActorRegistry::stop_all(), which stops them one
// after another, last started first. With a thread per actor, each stop wakes one parked thread
// among thousands: the figure shows whether waking costs the same at any number of actors.

#include <cstdio>
#include <vector>

#include <pykka/pykka.hpp>

#include "bench_actor.hpp"
#include "harness.hpp"

namespace {

class Idle : public bench::ActorBase {
 public:
  pykka::Message on_receive(pykka::Message& /*message*/) override { return 1; }
};

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 10'000);
  std::vector<pykka::Future<pykka::Message>> ready;
  ready.reserve(static_cast<std::size_t>(count));
  for (long i = 0; i < count; ++i) ready.push_back(pykka::start<Idle>().ask(0, pykka::nonblocking));
  for (auto& reply : ready) (void)reply.get();  // every actor has started and answered once
  bench::Stopwatch stopwatch;
  const std::vector<bool> stopped = pykka::ActorRegistry::stop_all();
  const double seconds = stopwatch.seconds();
  bench::report_rate("stop_all", bench::kOurSystem, "actors/s", count, seconds);
  std::fprintf(stderr, "stop_all of %zu actors: %.3f s\n", stopped.size(), seconds);
}
