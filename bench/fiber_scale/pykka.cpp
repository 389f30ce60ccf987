// The fiber runtime at scale. (1) A chain of C actors (default 10 000), each blocking in `ask` on
// the next: the whole chain is suspended at once; reports the time and the memory the suspended
// actors hold. (2) N live actors (default 1 000 000): start them all, ask each once (all asks in
// flight at once), then stop_all; reports each phase's time and the RSS they added.

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <vector>

#include <pykka/pykka.hpp>

#include "harness.hpp"

namespace {

struct Ping {};

class Leaf : public pykka::FiberActor {
 public:
  pykka::Message on_receive(pykka::Message& /*message*/) override { return 1; }
};

// Asks the next link and blocks; the last answers at once and reports what the runtime holds.
class Link : public pykka::FiberActor {
 public:
  explicit Link(std::optional<pykka::AnyActorRef> next) : next_(std::move(next)) {}
  pykka::Message on_receive(pykka::Message& /*message*/) override {
    if (next_) return next_->ask<long>(Ping{});
    // Every other link is suspended now, waiting for this reply.
    const auto stats = actor_system().runtime<pykka::FiberRuntime>().stats();
    std::printf(
        "chain: %zu actors suspended, %zu stacks mapped (%.1f MiB address space), "
        "RSS %.1f MiB\n",
        stats.suspended, stats.stacks, static_cast<double>(stats.stack_bytes) / 1048576.0,
        static_cast<double>(bench::rss_kib()) / 1024.0);
    return static_cast<long>(stats.suspended);
  }

 private:
  std::optional<pykka::AnyActorRef> next_;
};

long arg(int argc, char** argv, int index, long fallback) {
  if (argc <= index) return fallback;
  const long value = std::strtol(argv[index], nullptr, 10);
  return value > 0 ? value : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const long actors = arg(argc, argv, 1, 1'000'000);
  const long chain = arg(argc, argv, 2, 10'000);
  {
    pykka::ActorSystem system;
    std::optional<pykka::AnyActorRef> next;
    for (long i = 0; i < chain; ++i) next = system.start<Link>(next);
    bench::Stopwatch asked;
    const long suspended = next->ask<long>(Ping{});
    bench::report_rate("fiber_chain", bench::kOurSystem, "links/s", chain, asked.seconds());
    bench::report_value("fiber_chain_suspended", bench::kOurSystem, "actors", chain,
                        static_cast<double>(suspended));
  }
  {
    pykka::ActorSystem system;
    const long rss_before = bench::rss_kib();
    bench::Stopwatch started;
    std::vector<pykka::ActorRef<Leaf>> refs;
    refs.reserve(static_cast<std::size_t>(actors));
    for (long i = 0; i < actors; ++i) refs.push_back(system.start<Leaf>());
    const double start_seconds = started.seconds();
    bench::Stopwatch asked;
    std::vector<pykka::Future<int>> replies;
    replies.reserve(refs.size());
    for (auto& ref : refs) replies.push_back(ref.ask<int>(Ping{}, pykka::nonblocking));
    long sum = 0;
    for (auto& reply : replies) sum += reply.get();
    const double ask_seconds = asked.seconds();
    const long rss_peak = bench::rss_kib();
    replies.clear();
    bench::Stopwatch stopped;
    (void)system.registry().stop_all();
    const double stop_seconds = stopped.seconds();
    if (sum != actors) {
      std::fprintf(stderr, "expected %ld replies, got %ld\n", actors, sum);
      return 1;
    }
    bench::report_rate("fiber_million_start", bench::kOurSystem, "actors/s", actors, start_seconds);
    bench::report_rate("fiber_million_ask", bench::kOurSystem, "asks/s", actors, ask_seconds);
    bench::report_rate("fiber_million_stop_all", bench::kOurSystem, "actors/s", actors,
                       stop_seconds);
    bench::report_value("fiber_million_rss", bench::kOurSystem, "MiB", actors,
                        static_cast<double>(rss_peak - rss_before) / 1024.0);
  }
}
