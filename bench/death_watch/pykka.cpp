// death_watch: one watcher watches `count` actors, which are then stopped; measures the time
// from the first stop request to the last Terminated notice handled by the watcher. Actors run
// in batches of at most 2000 alive at once (thread-per-actor runtimes cannot hold 100k threads
// here); only the stops and notices are timed.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <vector>

#include <pykka/pykka.hpp>

#include "bench_actor.hpp"
#include "harness.hpp"

namespace {

class Watched : public bench::ActorBase {};

struct WatchAll {
  std::vector<pykka::AnyActorRef> targets;
};

class Watcher : public bench::ActorBase {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    if (auto* all = message.get_if<WatchAll>()) {
      for (const auto& target : all->targets) watch(target);
      left_ = static_cast<long>(all->targets.size());
      done_ = pykka::Future<void>();
      return done_;
    }
    return {};
  }
  void on_terminated(const pykka::Terminated& /*notice*/) override {
    if (--left_ == 0) done_.set();
  }

 private:
  long left_ = 0;
  pykka::Future<void> done_;
};

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 100'000);
  const long batch = std::min(count, 2000L);
  auto watcher = pykka::start<Watcher>();
  double seconds = 0;
  for (long started = 0; started < count; started += batch) {
    WatchAll all;
    for (long i = 0; i < batch && started + i < count; ++i) {
      all.targets.push_back(pykka::start<Watched>());
    }
    auto stops = all.targets;
    auto done = watcher.ask<pykka::Future<void>>(std::move(all));
    bench::Stopwatch stopwatch;
    for (const auto& target : stops) (void)target.stop(pykka::nonblocking);
    done.get();
    seconds += stopwatch.seconds();
  }
  bench::report_rate("death_watch", bench::kOurSystem, "notices/s", count, seconds);
  watcher.stop();
}
