// memory: resident memory per idle actor. Starts `count` actors, asks each one question so every
// actor has run, lets them all sit idle for a second, and divides the growth of VmRSS by the
// number of actors. As in the CAF peer, whose actor system and scoped actor exist before the
// first reading, the runtime is running before the first reading: one actor is started, asked and
// stopped first, so that the figure is the cost of an actor, not of the runtime's workers.

#include <vector>

#include <pykka/pykka.hpp>

#include "bench_actor.hpp"
#include "harness.hpp"

namespace {

class Idle : public bench::ActorBase {
 public:
  pykka::Message on_receive(pykka::Message& message) override { return message.as<int>(); }
};

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 10'000);
  std::vector<pykka::ActorRef<Idle>> actors;
  actors.reserve(static_cast<std::size_t>(count));
  {
    auto warm_up = pykka::start<Idle>();
    (void)warm_up.ask<int>(1);
    warm_up.stop();
  }
  const long before = bench::rss_kib();
  for (long i = 0; i < count; ++i) actors.push_back(pykka::start<Idle>());
  for (auto& actor : actors) (void)actor.ask<int>(1);
  bench::settle();  // idle for real (an idle actor trims its stack after 0.2 s)
  const long after = bench::rss_kib();
  pykka::ActorRegistry::stop_all();
  bench::report_value("memory", bench::kOurSystem, "KiB/actor", count,
                      static_cast<double>(after - before) / static_cast<double>(count));
}
