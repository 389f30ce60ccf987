// tell: one sender (the main thread) tells one actor `count` ints, then asks for the number it
// received; the rate counts messages per second, including the final drain.

#include <pykka/pykka.hpp>

#include "bench_actor.hpp"
#include "harness.hpp"

namespace {

struct CountQuery {};

class Sink : public bench::ActorBase {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<int>()) {
      ++received_;
      return {};
    }
    return received_;
  }

 private:
  long received_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 10'000'000);
  auto sink = pykka::start<Sink>();
  bench::Stopwatch stopwatch;
  for (long i = 0; i < count; ++i) sink.tell(static_cast<int>(i));
  const long received = sink.ask<long>(CountQuery{});
  const double seconds = stopwatch.seconds();
  sink.stop();
  if (received != count) return 1;
  bench::report_rate("tell", bench::kOurSystem, "msg/s", count, seconds);
}
