// timers: one actor system's clock under load. Schedules `count` one-shot timers an hour out
// (cost per timer, and resident memory per pending timer), cancels them all (cost per cancel),
// then schedules `count` timers all due at one instant 2 s out and measures how fast the clock
// tells them to an actor (firing throughput, from the due time to the last message handled), and
// finally the lateness of 200 single 2 ms timers. Prints one RESULT line per figure.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <vector>

#include <pykka/pykka.hpp>

#include "bench_actor.hpp"
#include "harness.hpp"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct Expect {
  long count;
};
struct Stamp {
  Clock::time_point due;
};

// Counts ticks; completes `done` once `expected` arrived; records lateness of stamped ticks.
class Sink : public bench::ActorBase {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    if (auto* expect = message.get_if<Expect>()) {
      expected_ = expect->count;
      seen_ = 0;
      done_ = pykka::Future<Clock::time_point>();
      return done_;
    }
    if (auto* stamp = message.get_if<Stamp>()) {
      lateness_.push_back(
          std::chrono::duration<double, std::micro>(Clock::now() - stamp->due).count());
      if (lateness_.size() == 200) stamps_.set(lateness_);
      return {};
    }
    if (message.is<std::string>()) return stamps_;
    if (++seen_ == expected_) done_.set(Clock::now());
    return {};
  }

 private:
  long expected_ = 0;
  long seen_ = 0;
  pykka::Future<Clock::time_point> done_;
  std::vector<double> lateness_;
  pykka::Future<std::vector<double>> stamps_;
};

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 1'000'000);
  const char* system = bench::kOurSystem;
  auto sink = pykka::start<Sink>();
  pykka::Clock& clock = pykka::ActorSystem::default_system().clock();

  std::vector<pykka::Timer> timers;
  timers.reserve(static_cast<std::size_t>(count));
  const long rss_before = bench::rss_kib();
  bench::Stopwatch scheduling;
  for (long i = 0; i < count; ++i) timers.push_back(clock.tell_after(sink, 1h, 1));
  const double schedule_seconds = scheduling.seconds();
  const long rss_after = bench::rss_kib();
  bench::report_value("timers_schedule", system, "ns/timer", count,
                      schedule_seconds * 1e9 / static_cast<double>(count));
  bench::report_value(
      "timers_rss", system, "B/timer", count,
      static_cast<double>(rss_after - rss_before) * 1024.0 / static_cast<double>(count));

  bench::Stopwatch cancelling;
  for (auto& timer : timers) (void)timer.cancel();
  bench::report_value("timers_cancel", system, "ns/timer", count,
                      cancelling.seconds() * 1e9 / static_cast<double>(count));
  timers.clear();

  auto done = sink.ask<pykka::Future<Clock::time_point>>(Expect{count});
  const auto due = Clock::now() + 2s;  // scheduling a million takes about half a second
  for (long i = 0; i < count; ++i) {
    (void)clock.tell_after(sink, std::max(Clock::duration::zero(), due - Clock::now()), 1);
  }
  const auto last = done.get(std::chrono::minutes(5));
  const double fire_seconds = std::chrono::duration<double>(last - due).count();
  bench::report_rate("timers_fire", system, "msg/s", count, std::max(fire_seconds, 1e-9));

  auto stamps = sink.ask<pykka::Future<std::vector<double>>>(std::string("stamps"));
  for (int i = 0; i < 200; ++i) {
    const auto stamp_due = Clock::now() + 2ms;
    (void)clock.tell_after(sink, 2ms, Stamp{stamp_due});
    clock.after(3ms).get(std::chrono::seconds(5));
  }
  auto lateness = stamps.get(std::chrono::seconds(30));
  std::sort(lateness.begin(), lateness.end());
  bench::report_value("timers_lateness_p50", system, "us", 200, lateness[100]);
  bench::report_value("timers_lateness_p99", system, "us", 200, lateness[197]);
  sink.stop();
}
