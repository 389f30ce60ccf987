// Savina Fork-Join creation, CAF peer: spawn `count` actors, send each one message; each does a
// little arithmetic and quits.

#include <atomic>

#include "caf_support.hpp"
#include "harness.hpp"

using namespace bench::caf_peer;

namespace {

struct Countdown {
  explicit Countdown(long count) : left(count) {}
  std::atomic<long> left;
  std::promise<void> done;
};

caf::behavior worker(caf::event_based_actor* self, std::shared_ptr<Countdown> countdown) {
  return {[self, countdown](int value) {
    if (bench::busy_work(static_cast<double>(value)) < 0) return;
    self->quit();
    if (countdown->left.fetch_sub(1, std::memory_order_acq_rel) == 1) countdown->done.set_value();
  }};
}

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 10'000);
  caf::actor_system_config config;
  caf::actor_system system{config};
  auto countdown = std::make_shared<Countdown>(count);
  bench::Stopwatch stopwatch;
  for (long i = 0; i < count; ++i) {
    caf::anon_send(system.spawn(worker, countdown), static_cast<int>(i));
  }
  countdown->done.get_future().wait();
  const double seconds = stopwatch.seconds();
  bench::report_rate("savina_fj_creation", "caf", "actors/s", count, seconds);
}
