// tell, CAF peer: the main thread sends `count` ints to one event-based actor, then asks it for
// the number it received.

#include "caf_support.hpp"
#include "harness.hpp"

using namespace bench::caf_peer;

namespace {

caf::behavior sink(caf::event_based_actor* /*self*/) {
  auto received = std::make_shared<long>(0);
  return {
      [received](int /*value*/) { ++*received; },
      [received](count_atom) { return *received; },
  };
}

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 10'000'000);
  caf::actor_system_config config;
  caf::actor_system system{config};
  auto target = system.spawn(sink);
  bench::Stopwatch stopwatch;
  for (long i = 0; i < count; ++i) caf::anon_send(target, static_cast<int>(i));
  const long received = blocking_request<long>(system, target, count_atom::value);
  const double seconds = stopwatch.seconds();
  caf::anon_send_exit(target, caf::exit_reason::user_shutdown);
  if (received != count) return 1;
  bench::report_rate("tell", "caf", "msg/s", count, seconds);
}
