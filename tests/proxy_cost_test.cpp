// What a proxy call costs: no more heap allocations than a raw ask of the same work, because
// the call message (member pointer, arguments, path) lives in Message's inline storage.
//
// This binary replaces the global operator new to count allocations, process-wide.

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/event.hpp"
#include "support/runtimes.hpp"

namespace {

std::atomic<long> g_allocations{0};

using pykka::testing::kWaitLimit;

struct Add {
  int a;
  int b;
};

struct Inner {
  static constexpr bool pykka_traversable = true;
  int add(int a, int b) { return a + b; }
};

template <class Base>
class Adder : public Base {
 public:
  int add(int a, int b) { return a + b; }
  Inner inner;
  pykka::Message on_receive(pykka::Message& message) override {
    const Add& add = message.as<Add>();
    return add.a + add.b;
  }
};

template <class Runtime>
class ProxyCostTest : public ::testing::Test {
 protected:
  void TearDown() override { pykka::ActorRegistry::stop_all(kWaitLimit); }

  // Returns the allocations made by `rounds` round trips, after a warm-up.
  template <class RoundTrip>
  static long allocations_of(RoundTrip round_trip) {
    for (int i = 0; i < kRounds; ++i) EXPECT_EQ(round_trip(), 4);
    const long before = g_allocations.load();
    for (int i = 0; i < kRounds; ++i) EXPECT_EQ(round_trip(), 4);
    return g_allocations.load() - before;
  }

  static constexpr int kRounds = 300;
};
TYPED_TEST_SUITE(ProxyCostTest, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

TYPED_TEST(ProxyCostTest, AProxyCallMessageFitsInlineInAMessage) {
  using A = Adder<typename TypeParam::ActorBase>;
  using RootCall =
      decltype(pykka::detail::make_method_call(pykka::detail::RootPath<A>{}, &A::add, 1, 3));
  using TraversedCall = decltype(pykka::detail::make_method_call(pykka::detail::NodePath<Inner>{},
                                                                 &Inner::add, 1, 3));
  EXPECT_TRUE(pykka::detail::fits_inline<RootCall>);
  EXPECT_TRUE(pykka::detail::fits_inline<TraversedCall>);
  EXPECT_EQ(sizeof(RootCall), sizeof(&A::add) + 2 * sizeof(int));  // the path takes no space
}

TYPED_TEST(ProxyCostTest, AProxyCallAllocatesNoMoreThanARawAsk) {
  using A = Adder<typename TypeParam::ActorBase>;
  auto ref = pykka::start<A>();
  auto proxy = ref.proxy();
  auto inner = proxy.traverse(&A::inner);
  const long raw = TestFixture::allocations_of([&] { return ref.template ask<int>(Add{1, 3}); });
  const long call = TestFixture::allocations_of([&] { return proxy.call(&A::add, 1, 3).get(); });
  const long traversed =
      TestFixture::allocations_of([&] { return inner.call(&Inner::add, 1, 3).get(); });
  // One allocation per round trip more than a raw ask would add kRounds. Mailbox nodes come
  // back to the sender in batches of 32, whose timing depends on when the actor parks, so the
  // runs may differ by a batch or two of node allocations; allow that, far below kRounds.
  const long slack = TestFixture::kRounds / 10 + 2 * 32;
  EXPECT_LE(call, raw + slack) << "raw ask: " << raw << ", proxy call: " << call;
  EXPECT_LE(traversed, raw + slack) << "raw ask: " << raw << ", traversed call: " << traversed;
  EXPECT_GE(raw, TestFixture::kRounds);  // the counter works: each ask allocates its future
}

}  // namespace

void* operator new(std::size_t size) {
  g_allocations.fetch_add(1);
  if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
  throw std::bad_alloc();
}
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t /*size*/) noexcept { std::free(memory); }
