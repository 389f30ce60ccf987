// Savina PingPong, CAF peer: two event-based actors bounce a message `count` times each way.

#include "caf_support.hpp"
#include "harness.hpp"

using namespace bench::caf_peer;

namespace {

caf::behavior ponger(caf::event_based_actor* /*self*/) {
  return {[](ping_atom, long left) { return std::make_tuple(pong_atom::value, left); }};
}

caf::behavior pinger(caf::event_based_actor* self, caf::actor partner, Done done) {
  return {
      [self, partner](start_atom, long left) { self->send(partner, ping_atom::value, left); },
      [self, partner, done](pong_atom, long left) {
        if (left == 0) {
          done->set_value();
        } else {
          self->send(partner, ping_atom::value, left - 1);
        }
      },
  };
}

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 200'000);
  caf::actor_system_config config;
  caf::actor_system system{config};
  Done done = make_done();
  auto pong = system.spawn(ponger);
  auto ping = system.spawn(pinger, pong, done);
  bench::Stopwatch stopwatch;
  caf::anon_send(ping, start_atom::value, count - 1);
  done->get_future().wait();
  const double seconds = stopwatch.seconds();
  caf::anon_send_exit(ping, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(pong, caf::exit_reason::user_shutdown);
  bench::report_rate("savina_pingpong", "caf", "msg/s", 2 * count, seconds);
}
