// Savina PingPong: two actors bounce a message `count` times each way; the rate counts every
// message (2 × count).

#include <pykka/pykka.hpp>

#include "bench_actor.hpp"
#include "harness.hpp"

namespace {

struct Ping {
  pykka::AnyActorRef from;
  long left;
};
struct Pong {
  long left;
};

class Ponger : public bench::ActorBase {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    const Ping& ping = message.as<Ping>();
    ping.from.tell(Pong{ping.left});
    return {};
  }
};

struct Start {
  pykka::AnyActorRef ponger;
  long count;
  pykka::Future<void> done;
};

class Pinger : public bench::ActorBase {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    if (auto* start = message.get_if<Start>()) {
      ponger_ = start->ponger;
      done_ = start->done;
      ponger_.tell(Ping{actor_ref(), start->count});
    } else if (message.as<Pong>().left == 0) {
      done_.set();
    } else {
      ponger_.tell(Ping{actor_ref(), message.as<Pong>().left - 1});
    }
    return {};
  }

 private:
  pykka::AnyActorRef ponger_;
  pykka::Future<void> done_;
};

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 200'000);
  auto ponger = pykka::start<Ponger>();
  auto pinger = pykka::start<Pinger>();
  pykka::Future<void> done;
  bench::Stopwatch stopwatch;
  pinger.tell(Start{ponger, count - 1, done});
  done.get();
  const double seconds = stopwatch.seconds();
  pykka::ActorRegistry::stop_all();
  bench::report_rate("savina_pingpong", bench::kOurSystem, "msg/s", 2 * count, seconds);
}
