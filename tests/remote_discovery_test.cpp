// get_all and get_by_class_name across nodes: a scatter-gather over every node on the servers,
// bounded by its deadline.

#include <algorithm>
#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>
#include <pykka/remote.hpp>

#include "support/remote_fixture.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::testing::Echo;
using RemoteDiscovery = pykka::testing::RemoteFixture;

class Quiet : public pykka::ThreadingActor {};

TEST_F(RemoteDiscovery, GetAllFindsTheActorsEveryNodeExposes) {
  a_->expose(system_.start<Echo>(), "echo-a");
  b_->expose(system_.start<Echo>(), "echo-b");
  b_->expose(system_.start<Quiet>(), "quiet");
  auto refs = a_->get_all(500ms);
  ASSERT_EQ(refs.size(), 3U);
  std::vector<std::string> names;
  for (const auto& ref : refs) names.push_back(ref.name() + "@" + ref.node_name());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"echo-a@node-a", "echo-b@node-b", "quiet@node-b"}));
}

TEST_F(RemoteDiscovery, GetByClassNameKeepsThatClassAndItsRefsWork) {
  a_->expose(system_.start<Echo>(), "echo-a");
  b_->expose(system_.start<Quiet>(), "quiet");
  auto echoes = b_->get_by_class_name("Echo", 500ms);
  ASSERT_EQ(echoes.size(), 1U);
  EXPECT_EQ(echoes[0].ask<int>(1, 5s), 2);
  EXPECT_TRUE(b_->get_by_class_name("Nothing", 200ms).empty());
}

TEST_F(RemoteDiscovery, ReturnsWithinItsDeadline) {
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(a_->get_all(300ms).empty());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

}  // namespace
