// Savina Counting, CAF peer: a producer actor sends `count` increments to a counter actor, then
// requests the total and delivers it to the main thread.

#include "caf_support.hpp"
#include "harness.hpp"

using namespace bench::caf_peer;

namespace {

caf::behavior counter(caf::event_based_actor* /*self*/) {
  auto total = std::make_shared<long>(0);
  return {
      [total](int value) { *total += value; },
      [total](count_atom) { return *total; },
  };
}

caf::behavior producer(caf::event_based_actor* self, caf::actor target) {
  return {[self, target](start_atom, long count) {
    for (long i = 0; i < count; ++i) self->send(target, 1);
    auto promise = self->make_response_promise();
    self->request(target, caf::infinite, count_atom::value).then([promise](long total) mutable {
      promise.deliver(total);
    });
    return promise;
  }};
}

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 1'000'000);
  caf::actor_system_config config;
  caf::actor_system system{config};
  auto target = system.spawn(counter);
  auto source = system.spawn(producer, target);
  bench::Stopwatch stopwatch;
  const long total = blocking_request<long>(system, source, start_atom::value, count);
  const double seconds = stopwatch.seconds();
  caf::anon_send_exit(source, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(target, caf::exit_reason::user_shutdown);
  if (total != count) return 1;
  bench::report_rate("savina_counting", "caf", "msg/s", count, seconds);
}
