// ask_thread, CAF peer: a plain thread (main, through a scoped actor) sends `count` requests to
// one event-based actor, blocking on each reply.

#include "caf_support.hpp"
#include "harness.hpp"

namespace {

caf::behavior echo(caf::event_based_actor* /*self*/) {
  return {[](int value) { return value + 1; }};
}

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 20'000);
  caf::actor_system_config config;
  caf::actor_system system{config};
  auto server = system.spawn(echo);
  long sum = 0;
  bench::Stopwatch stopwatch;
  {
    caf::scoped_actor self{system};
    for (long i = 0; i < count; ++i) {
      self->request(server, caf::infinite, static_cast<int>(i & 0xffff))
          .receive([&](int reply) { sum += reply; }, [&](caf::error&) { sum = -1; });
    }
  }
  const double seconds = stopwatch.seconds();
  caf::anon_send_exit(server, caf::exit_reason::user_shutdown);
  if (sum <= 0) return 1;
  bench::report_rate("ask_thread", "caf", "asks/s", count, seconds);
}
