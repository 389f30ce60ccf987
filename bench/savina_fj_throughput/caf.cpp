// Savina Fork-Join throughput, CAF peer: the main thread sends `count` messages to each of 60
// workers, round robin; each message costs a little arithmetic.

#include <vector>

#include "caf_support.hpp"
#include "harness.hpp"

using namespace bench::caf_peer;

namespace {

constexpr int kWorkers = 60;

struct WorkerState {
  long handled = 0;
  double sink = 0;
};

caf::behavior worker(caf::stateful_actor<WorkerState>* self) {
  return {
      [self](work_atom) {
        self->state.sink += bench::busy_work(static_cast<double>(self->state.handled++));
      },
      [self](count_atom) { return self->state.sink > 0 ? self->state.handled : -1L; },
  };
}

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 10'000);
  caf::actor_system_config config;
  caf::actor_system system{config};
  std::vector<caf::actor> workers;
  for (int i = 0; i < kWorkers; ++i) workers.push_back(system.spawn(worker));
  bench::Stopwatch stopwatch;
  for (long i = 0; i < count; ++i) {
    for (auto& target : workers) caf::anon_send(target, work_atom::value);
  }
  long handled = 0;
  for (auto& target : workers) handled += blocking_request<long>(system, target, count_atom::value);
  const double seconds = stopwatch.seconds();
  for (auto& target : workers) caf::anon_send_exit(target, caf::exit_reason::user_shutdown);
  if (handled != count * kWorkers) return 1;
  bench::report_rate("savina_fj_throughput", "caf", "msg/s", count * kWorkers, seconds);
}
