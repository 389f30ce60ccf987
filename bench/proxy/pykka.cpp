// A proxy call against a raw ask doing the same work (add two ints on the actor, reply with the
// sum), each a full round trip from the calling thread. Besides time, every benchmark reports
// heap allocations per round trip, counted process-wide by replacing operator new: the claim
// to check is that a typed proxy call allocates no more than a raw ask (one future state and
// the mailbox's share; the message itself lives inline).
//
//   bench_proxy --benchmark_min_time=0.5

#include <atomic>
#include <cstdlib>
#include <new>

#include <benchmark/benchmark.h>

#include <pykka/pykka.hpp>

namespace {

std::atomic<long> g_allocations{0};

struct Add {
  int a;
  int b;
};

class Calculator : public pykka::ThreadingActor {
 public:
  int add(int a, int b) { return a + b; }

  struct Inner {
    static constexpr bool pykka_traversable = true;
    int add(int a, int b) { return a + b; }
  };
  Inner inner;

  pykka::Message on_receive(pykka::Message& message) override {
    const Add& add = message.as<Add>();
    return add.a + add.b;
  }

  PYKKA_MEMBERS(Calculator, add, inner)
};

// Runs `round_trip` per iteration and reports allocations per iteration.
template <class RoundTrip>
void measure(benchmark::State& state, RoundTrip round_trip) {
  for (int i = 0; i < 100; ++i) round_trip();  // warm up the mailbox and the allocator
  const long before = g_allocations.load(std::memory_order_relaxed);
  for (auto _ : state) benchmark::DoNotOptimize(round_trip());
  const long allocations = g_allocations.load(std::memory_order_relaxed) - before;
  state.counters["allocs/op"] =
      benchmark::Counter(static_cast<double>(allocations), benchmark::Counter::kAvgIterations);
}

void BM_RawAsk(benchmark::State& state) {
  auto ref = pykka::start<Calculator>();
  measure(state, [&] { return ref.ask<int>(Add{1, 3}); });
  ref.stop();
}
BENCHMARK(BM_RawAsk)->UseRealTime();

void BM_ProxyCall(benchmark::State& state) {
  auto proxy = pykka::start<Calculator>().proxy();
  measure(state, [&] { return proxy.call(&Calculator::add, 1, 3).get(); });
  proxy.actor_ref().stop();
}
BENCHMARK(BM_ProxyCall)->UseRealTime();

void BM_ProxyCallTraversed(benchmark::State& state) {
  auto inner = pykka::start<Calculator>().proxy().traverse(&Calculator::inner);
  measure(state, [&] { return inner.call(&Calculator::Inner::add, 1, 3).get(); });
  inner.actor_ref().stop();
}
BENCHMARK(BM_ProxyCallTraversed)->UseRealTime();

void BM_ProxyCallByName(benchmark::State& state) {
  pykka::AnyActorRef ref = pykka::start<Calculator>();
  measure(state, [&] {
    return ref.ask<int>(pykka::ProxyCall{.attr_path = {"add"}, .args = pykka::args(1, 3)});
  });
  ref.stop();
}
BENCHMARK(BM_ProxyCallByName)->UseRealTime();

}  // namespace

// Counting replacements of the global allocation functions (the array and sized forms forward
// to these in libstdc++).
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
  throw std::bad_alloc();
}
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t /*size*/) noexcept { std::free(memory); }

BENCHMARK_MAIN();
