// spawn: start an actor, tell it one message, ask it to stop without waiting; repeat, then wait
// until every actor has stopped (like the CAF peer, which waits for all actors at the end).

#include <cstddef>
#include <vector>

#include <pykka/pykka.hpp>

#include "bench_actor.hpp"
#include "harness.hpp"

namespace {

class Worker : public bench::ActorBase {
 public:
  pykka::Message on_receive(pykka::Message& /*message*/) override { return {}; }
};

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 20'000);
  std::vector<pykka::Future<bool>> stopped;
  stopped.reserve(static_cast<std::size_t>(count));
  bench::Stopwatch stopwatch;
  for (long i = 0; i < count; ++i) {
    auto worker = pykka::start<Worker>();
    worker.tell(1);
    stopped.push_back(worker.stop(pykka::nonblocking));
  }
  for (auto& done : stopped) done.get();
  const double seconds = stopwatch.seconds();
  bench::report_rate("spawn", bench::kOurSystem, "actors/s", count, seconds);
}
