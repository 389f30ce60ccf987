// spawn, CAF peer: spawn an event-based actor, send it one message on which it quits; repeat,
// then wait until every actor is gone.

#include "caf_support.hpp"
#include "harness.hpp"

namespace {

caf::behavior worker(caf::event_based_actor* self) {
  return {[self](int /*value*/) { self->quit(); }};
}

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 20'000);
  caf::actor_system_config config;
  caf::actor_system system{config};
  bench::Stopwatch stopwatch;
  for (long i = 0; i < count; ++i) caf::anon_send(system.spawn(worker), 1);
  system.await_all_actors_done();
  const double seconds = stopwatch.seconds();
  bench::report_rate("spawn", "caf", "actors/s", count, seconds);
}
