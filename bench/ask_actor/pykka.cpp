// ask_actor: a client actor asks a server actor `count` times, blocking on each reply.

#include <pykka/pykka.hpp>

#include "bench_actor.hpp"
#include "harness.hpp"

namespace {

class Echo : public bench::ActorBase {
 public:
  pykka::Message on_receive(pykka::Message& message) override { return message.as<int>() + 1; }
};

struct Run {
  pykka::ActorRef<Echo> server;
  long count;
};

class Client : public bench::ActorBase {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    const Run& run = message.as<Run>();
    long sum = 0;
    for (long i = 0; i < run.count; ++i) sum += run.server.ask<int>(static_cast<int>(i & 0xffff));
    return sum;
  }
};

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 200'000);
  auto server = pykka::start<Echo>();
  auto client = pykka::start<Client>();
  bench::Stopwatch stopwatch;
  const long sum = client.ask<long>(Run{server, count});
  const double seconds = stopwatch.seconds();
  client.stop();
  server.stop();
  if (sum <= 0) return 1;
  bench::report_rate("ask_actor", bench::kOurSystem, "asks/s", count, seconds);
}
