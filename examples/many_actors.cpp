// A hundred thousand actors on a few threads: the fiber runtime. Each actor asks the next one in
// a ring-shaped chain and blocks for the reply, which suspends only the actor; then all of them
// are asked at once, and stopped.

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <optional>
#include <vector>

#include <pykka/pykka.hpp>

namespace {

struct Depth {};

// Answers with its depth in a chain: asks the next actor (blocking) and adds one.
class Link : public pykka::FiberActor {
 public:
  explicit Link(std::optional<pykka::AnyActorRef> next) : next_(std::move(next)) {}

  pykka::Message on_receive(pykka::Message& /*message*/) override {
    if (!next_) return 1;
    return next_->ask<int>(Depth{}) + 1;  // suspends this actor until the reply comes
  }

 private:
  std::optional<pykka::AnyActorRef> next_;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main() {
  constexpr std::size_t kActors = 100'000;
  constexpr std::size_t kChain = 1'000;
  pykka::ActorSystem system;
  auto& runtime = system.runtime<pykka::FiberRuntime>();

  auto started = std::chrono::steady_clock::now();
  std::vector<pykka::ActorRef<Link>> actors;
  actors.reserve(kActors);
  for (std::size_t i = 0; i < kActors; ++i) {
    // The first kChain actors form a chain, each holding a ref to the one before it.
    std::optional<pykka::AnyActorRef> next;
    if (i > 0 && i < kChain) next = actors.back();
    actors.push_back(system.start<Link>(next));
  }
  std::printf("started %zu actors in %.2f s on %zu worker threads\n", kActors,
              seconds_since(started), runtime.stats().workers);

  started = std::chrono::steady_clock::now();
  const int depth = actors[kChain - 1].ask<int>(Depth{});
  std::printf("a chain of %zu blocking asks answered %d in %.3f s\n", kChain, depth,
              seconds_since(started));

  started = std::chrono::steady_clock::now();
  std::vector<pykka::Future<int>> replies;
  replies.reserve(kActors);
  for (std::size_t i = kChain; i < kActors; ++i) {
    replies.push_back(actors[i].ask<int>(Depth{}, pykka::nonblocking));
  }
  long sum = 0;
  for (auto& reply : pykka::get_all(replies)) sum += reply;
  std::printf("asked %zu actors at once, %ld replies, in %.2f s\n", replies.size(), sum,
              seconds_since(started));

  started = std::chrono::steady_clock::now();
  system.shutdown(std::chrono::seconds(30));
  // Each stop is answered once the actor has stopped (its teardown may still be finishing).
  std::printf("stopped them all in %.2f s; %zu actors left in the registry\n",
              seconds_since(started), system.registry().get_all().size());
}
