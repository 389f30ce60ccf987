// Savina ThreadRing: a token travels `count` hops around a ring of 1000 actors.

#include <vector>

#include <pykka/pykka.hpp>

#include "bench_actor.hpp"
#include "harness.hpp"

namespace {

constexpr int kRingSize = 1000;

struct Token {
  long left;
};

class Node : public bench::ActorBase {
 public:
  explicit Node(pykka::Future<void> done) : done_(std::move(done)) {}

  pykka::Message on_receive(pykka::Message& message) override {
    if (auto* next = message.get_if<pykka::AnyActorRef>()) {
      next_ = *next;
      return true;
    }
    const long left = message.as<Token>().left;
    if (left == 0) {
      done_.set();
    } else {
      next_.tell(Token{left - 1});
    }
    return {};
  }

 private:
  pykka::Future<void> done_;
  pykka::AnyActorRef next_;
};

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 100'000);
  pykka::Future<void> done;
  std::vector<pykka::ActorRef<Node>> ring;
  for (int i = 0; i < kRingSize; ++i) ring.push_back(pykka::start<Node>(done));
  for (int i = 0; i < kRingSize; ++i) {
    (void)ring[static_cast<std::size_t>(i)].ask<bool>(
        pykka::AnyActorRef(ring[static_cast<std::size_t>((i + 1) % kRingSize)]));
  }
  bench::Stopwatch stopwatch;
  ring[0].tell(Token{count});
  done.get();
  const double seconds = stopwatch.seconds();
  pykka::ActorRegistry::stop_all();
  bench::report_rate("savina_threadring", bench::kOurSystem, "hops/s", count, seconds);
}
