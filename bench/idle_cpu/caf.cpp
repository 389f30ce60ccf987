// idle_cpu, CAF peer: CPU used by `count` idle event-based actors over a window.

#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

#include "caf_support.hpp"
#include "harness.hpp"

namespace {

caf::behavior idle(caf::event_based_actor* /*self*/) {
  return {[](int value) { return value; }};
}

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 1'000);
  const double window = argc > 2 ? std::atof(argv[2]) : 5.0;
  caf::actor_system_config config;
  caf::actor_system system{config};
  std::vector<caf::actor> actors;
  {
    caf::scoped_actor self{system};
    for (long i = 0; i < count; ++i) actors.push_back(system.spawn(idle));
    for (auto& actor : actors) {
      self->request(actor, caf::infinite, 1).receive([](int) {}, [](caf::error&) {});
    }
  }
  const double cpu_before = bench::cpu_seconds();
  bench::Stopwatch stopwatch;
  std::this_thread::sleep_for(std::chrono::duration<double>(window));
  const double percent = 100.0 * (bench::cpu_seconds() - cpu_before) / stopwatch.seconds();
  for (auto& actor : actors) caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
  bench::report_value("idle_cpu", "caf", "%core", count, percent);
}
