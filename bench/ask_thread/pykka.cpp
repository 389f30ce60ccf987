// ask_thread: a plain thread (main) asks one actor `count` times, blocking on each reply.

#include <pykka/pykka.hpp>

#include "bench_actor.hpp"
#include "harness.hpp"

namespace {

class Echo : public bench::ActorBase {
 public:
  pykka::Message on_receive(pykka::Message& message) override { return message.as<int>() + 1; }
};

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 200'000);
  auto echo = pykka::start<Echo>();
  long sum = 0;
  bench::Stopwatch stopwatch;
  for (long i = 0; i < count; ++i) sum += echo.ask<int>(static_cast<int>(i & 0xffff));
  const double seconds = stopwatch.seconds();
  echo.stop();
  if (sum <= 0) return 1;
  bench::report_rate("ask_thread", bench::kOurSystem, "asks/s", count, seconds);
}
