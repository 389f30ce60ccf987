// spawn: start an actor, tell it one message, stop it (blocking until it has stopped); repeat.

#include <pykka/pykka.hpp>

#include "harness.hpp"

namespace {

class Worker : public pykka::ThreadingActor {
 public:
  pykka::Message on_receive(pykka::Message& /*message*/) override { return {}; }
};

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 20'000);
  bench::Stopwatch stopwatch;
  for (long i = 0; i < count; ++i) {
    auto worker = pykka::start<Worker>();
    worker.tell(1);
    worker.stop();
  }
  const double seconds = stopwatch.seconds();
  bench::report_rate("spawn", bench::kOurSystem, "actors/s", count, seconds);
}
