// supervisor_restart: a one_for_one supervisor restarting a child that crashes on every message:
// crash it, wait until it is torn down, ask the supervisor for the new child; repeat.

#include <chrono>
#include <stdexcept>
#include <vector>

#include <pykka/pykka.hpp>

#include "bench_actor.hpp"
#include "harness.hpp"

namespace {

class Crasher : public bench::ActorBase {
 public:
  pykka::Message on_receive(pykka::Message& /*message*/) override {
    throw std::runtime_error("crash");
  }
};

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 5'000);
  pykka::set_log_level(pykka::LogLevel::critical);  // one ERROR record per crash otherwise
  auto supervisor = pykka::start<pykka::Supervisor<bench::ActorBase>>(
      pykka::Strategy::one_for_one,
      pykka::RestartIntensity{static_cast<int>(count) + 1, std::chrono::hours(1)},
      std::vector{pykka::child_spec<Crasher>("crasher", pykka::Restart::permanent)});
  auto child = supervisor.ask<pykka::AnyActorRef>(pykka::GetChild{"crasher"});
  bench::Stopwatch stopwatch;
  for (long i = 0; i < count; ++i) {
    child.tell(0);
    (void)child.termination().get();
    child = supervisor.ask<pykka::AnyActorRef>(pykka::GetChild{"crasher"});
  }
  const double seconds = stopwatch.seconds();
  bench::report_rate("supervisor_restart", bench::kOurSystem, "restarts/s", count, seconds);
  supervisor.stop();
}
