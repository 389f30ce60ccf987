// idle_cpu: CPU used by `count` idle actors. Each actor handles one message, then the process
// measures its own CPU time (getrusage) while the main thread sleeps for the window.

#include <chrono>
#include <cstdlib>
#include <thread>
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
  const long count = bench::count_arg(argc, argv, 1'000);
  const double window = argc > 2 ? std::atof(argv[2]) : 5.0;
  std::vector<pykka::ActorRef<Idle>> actors;
  for (long i = 0; i < count; ++i) actors.push_back(pykka::start<Idle>());
  for (auto& actor : actors) (void)actor.ask<int>(1);
  const double cpu_before = bench::cpu_seconds();
  bench::Stopwatch stopwatch;
  // Sleeping is the measurement itself here: the window in which idle actors must stay quiet.
  std::this_thread::sleep_for(std::chrono::duration<double>(window));
  const double percent = 100.0 * (bench::cpu_seconds() - cpu_before) / stopwatch.seconds();
  pykka::ActorRegistry::stop_all();
  bench::report_value("idle_cpu", bench::kOurSystem, "%core", count, percent);
}
