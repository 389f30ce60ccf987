// ask_actor, CAF peer: a client actor sends `count` requests to a server actor, each one after
// the previous reply arrived (CAF's way for an actor to wait on a reply: request().then()).

#include "caf_support.hpp"
#include "harness.hpp"

using namespace bench::caf_peer;

namespace {

caf::behavior echo(caf::event_based_actor* /*self*/) {
  return {[](int value) { return value + 1; }};
}

struct ClientState {
  long next = 0;
  long count = 0;
  long sum = 0;
};

using Client = caf::stateful_actor<ClientState>;

void ask_next(Client* self, const caf::actor& server, const Done& done) {
  self->request(server, caf::infinite, static_cast<int>(self->state.next & 0xffff))
      .then([self, server, done](int reply) {
        self->state.sum += reply;
        if (++self->state.next == self->state.count) {
          done->set_value();
          self->quit();
        } else {
          ask_next(self, server, done);
        }
      });
}

caf::behavior client(Client* self, caf::actor server, long count, Done done) {
  self->state.count = count;
  ask_next(self, server, done);
  return {[](count_atom) {}};
}

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 200'000);
  caf::actor_system_config config;
  caf::actor_system system{config};
  auto server = system.spawn(echo);
  Done done = make_done();
  bench::Stopwatch stopwatch;
  system.spawn(client, server, count, done);
  done->get_future().wait();
  const double seconds = stopwatch.seconds();
  caf::anon_send_exit(server, caf::exit_reason::user_shutdown);
  bench::report_rate("ask_actor", "caf", "asks/s", count, seconds);
}
