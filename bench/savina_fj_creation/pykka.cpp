// Savina Fork-Join creation: start `count` actors, tell each one message; each does a little
// arithmetic and stops itself. The rate counts actors until the last one has handled its message.

#include <atomic>
#include <memory>

#include <pykka/pykka.hpp>

#include "bench_actor.hpp"
#include "harness.hpp"

namespace {

struct Countdown {
  explicit Countdown(long count) : left(count) {}
  std::atomic<long> left;
  pykka::Future<void> done;
};

class Worker : public bench::ActorBase {
 public:
  explicit Worker(std::shared_ptr<Countdown> countdown) : countdown_(std::move(countdown)) {}

  pykka::Message on_receive(pykka::Message& message) override {
    if (bench::busy_work(static_cast<double>(message.as<int>())) < 0) return {};
    stop();
    if (countdown_->left.fetch_sub(1, std::memory_order_acq_rel) == 1) countdown_->done.set();
    return {};
  }

 private:
  std::shared_ptr<Countdown> countdown_;
};

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 10'000);
  auto countdown = std::make_shared<Countdown>(count);
  bench::Stopwatch stopwatch;
  for (long i = 0; i < count; ++i) pykka::start<Worker>(countdown).tell(static_cast<int>(i));
  countdown->done.get();
  const double seconds = stopwatch.seconds();
  bench::report_rate("savina_fj_creation", bench::kOurSystem, "actors/s", count, seconds);
}
