// Savina Big: 100 actors each send `count` pings, one at a time, to random peers, which answer
// with a pong. The rate counts pings and pongs.

#include <atomic>
#include <memory>
#include <vector>

#include <pykka/pykka.hpp>

#include "bench_actor.hpp"
#include "harness.hpp"

namespace {

constexpr int kActors = 100;

struct Shared {
  explicit Shared(long actors) : running(actors) {}
  std::vector<pykka::AnyActorRef> peers;
  std::atomic<long> running;
  pykka::Future<void> done;
};

struct Begin {};
struct Ping {
  pykka::AnyActorRef from;
};
struct Pong {};

class Peer : public bench::ActorBase {
 public:
  Peer(std::shared_ptr<Shared> shared, long pings, unsigned long seed)
      : shared_(std::move(shared)), left_(pings), random_(seed) {}

  pykka::Message on_receive(pykka::Message& message) override {
    if (auto* ping = message.get_if<Ping>()) {
      ping->from.tell(Pong{});
    } else if (message.is<Pong>() || message.is<Begin>()) {
      if (left_ == 0) {
        if (shared_->running.fetch_sub(1, std::memory_order_acq_rel) == 1) shared_->done.set();
      } else {
        --left_;
        shared_->peers[random_.next(kActors)].tell(Ping{actor_ref()});
      }
    }
    return {};
  }

 private:
  std::shared_ptr<Shared> shared_;
  long left_;
  bench::Random random_;
};

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 2'000);
  auto shared = std::make_shared<Shared>(kActors);
  for (int i = 0; i < kActors; ++i) {
    shared->peers.push_back(pykka::start<Peer>(shared, count, static_cast<unsigned long>(i)));
  }
  bench::Stopwatch stopwatch;
  for (auto& peer : shared->peers) peer.tell(Begin{});
  shared->done.get();
  const double seconds = stopwatch.seconds();
  pykka::ActorRegistry::stop_all();
  bench::report_rate("savina_big", bench::kOurSystem, "msg/s", 2 * count * kActors, seconds);
}
