// Name-based proxy messages over the wire: a remote node calls, reads and assigns the members an
// actor publishes by name.

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>
#include <pykka/remote.hpp>

#include "support/remote_fixture.hpp"

namespace {

using namespace std::chrono_literals;
using RemoteProxy = pykka::testing::RemoteFixture;

class Counter : public pykka::ThreadingActor {
 public:
  int add(int a, int b) {
    total = a + b;
    return total;
  }
  std::string label = "counter";
  int total = 0;
  PYKKA_MEMBERS(Counter, add, label, total)
};

TEST_F(RemoteProxy, CallsAPublishedMethodByName) {
  a_->expose(system_.start<Counter>(), "counter");
  auto counter = b_->lookup("counter", "node-a");
  EXPECT_EQ(counter.ask<int>(pykka::ProxyCall{{"add"}, pykka::args(1, 3)}, 5s), 4);
  EXPECT_EQ(counter.ask<int>(pykka::ProxyGetAttr{{"total"}}, 5s), 4);
}

TEST_F(RemoteProxy, ReadsAndAssignsAPublishedField) {
  a_->expose(system_.start<Counter>(), "counter");
  auto counter = b_->lookup("counter", "node-a");
  EXPECT_EQ(counter.ask<std::string>(pykka::ProxyGetAttr{{"label"}}, 5s), "counter");
  (void)counter.ask(pykka::ProxySetAttr{{"label"}, pykka::Message(std::string("renamed"))}, 5s);
  EXPECT_EQ(counter.ask<std::string>(pykka::ProxyGetAttr{{"label"}}, 5s), "renamed");
}

TEST_F(RemoteProxy, RethrowsAnUnknownMemberAsTheRemoteError) {
  a_->expose(system_.start<Counter>(), "counter");
  auto counter = b_->lookup("counter", "node-a");
  EXPECT_THROW((void)counter.ask(pykka::ProxyCall{{"nope"}, {}}, 5s), pykka::Error);
}

}  // namespace
