// Savina Fork-Join throughput: the main thread tells each of 60 workers `count` messages, round
// robin; each message costs a little arithmetic. The rate counts all messages.

#include <vector>

#include <pykka/pykka.hpp>

#include "bench_actor.hpp"
#include "harness.hpp"

namespace {

constexpr int kWorkers = 60;

struct Work {};
struct Handled {};

class Worker : public bench::ActorBase {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<Work>()) {
      sink_ += bench::busy_work(static_cast<double>(handled_++));
      return {};
    }
    return sink_ > 0 ? handled_ : -handled_;
  }

 private:
  long handled_ = 0;
  double sink_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 10'000);
  std::vector<pykka::ActorRef<Worker>> workers;
  for (int i = 0; i < kWorkers; ++i) workers.push_back(pykka::start<Worker>());
  bench::Stopwatch stopwatch;
  for (long i = 0; i < count; ++i) {
    for (auto& worker : workers) worker.tell(Work{});
  }
  long handled = 0;
  for (auto& worker : workers) handled += worker.ask<long>(Handled{});
  const double seconds = stopwatch.seconds();
  pykka::ActorRegistry::stop_all();
  if (handled != count * kWorkers) return 1;
  bench::report_rate("savina_fj_throughput", bench::kOurSystem, "msg/s", count * kWorkers, seconds);
}
