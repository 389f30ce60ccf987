// Savina Counting: a producer actor tells a counter actor `count` increments, then asks it for
// the total.

#include <pykka/pykka.hpp>

#include "bench_actor.hpp"
#include "harness.hpp"

namespace {

struct Total {};

class Counter : public bench::ActorBase {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<int>()) {
      total_ += message.as<int>();
      return {};
    }
    return total_;
  }

 private:
  long total_ = 0;
};

struct Produce {
  pykka::ActorRef<Counter> counter;
  long count;
};

class Producer : public bench::ActorBase {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    const Produce& produce = message.as<Produce>();
    for (long i = 0; i < produce.count; ++i) produce.counter.tell(1);
    return produce.counter.ask<long>(Total{});
  }
};

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 1'000'000);
  auto counter = pykka::start<Counter>();
  auto producer = pykka::start<Producer>();
  bench::Stopwatch stopwatch;
  const long total = producer.ask<long>(Produce{counter, count});
  const double seconds = stopwatch.seconds();
  pykka::ActorRegistry::stop_all();
  if (total != count) return 1;
  bench::report_rate("savina_counting", bench::kOurSystem, "msg/s", count, seconds);
}
