// How a node's frames reach the socket (NodeOptions::batch_writes): batched by the node's I/O
// thread, or written by each sending thread at once. Either way every frame arrives, whole and in
// the order each thread sent it.

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>
#include <pykka/remote.hpp>

#include "support/remote_fixture.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::testing::Echo;

class WriteBatching : public pykka::testing::RemoteFixture,
                      public ::testing::WithParamInterface<bool> {
 protected:
  void SetUp() override {
    RemoteFixture::SetUp();
    if (HasFatalFailure()) return;
    a_->expose(system_.start<Echo>(), "echo");
  }
  [[nodiscard]] pykka::remote::NodeOptions options_for(const std::string& name) const override {
    pykka::remote::NodeOptions options = RemoteFixture::options_for(name);
    options.batch_writes = GetParam();
    return options;
  }
};

TEST_P(WriteBatching, ALoneAskOnAQuietConnectionIsAnswered) {
  EXPECT_EQ(b_->lookup("echo", "node-a").ask<int>(1, 5s), 2);
}

TEST_P(WriteBatching, PipelinedAsksEachGetTheirOwnReply) {
  auto echo = b_->lookup("echo", "node-a");
  constexpr int kCount = 2000;
  std::vector<pykka::Future<int>> replies;
  replies.reserve(kCount);
  for (int i = 0; i < kCount; ++i) replies.push_back(echo.ask<int>(i, pykka::nonblocking));
  for (int i = 0; i < kCount; ++i) ASSERT_EQ(replies[static_cast<std::size_t>(i)].get(10s), i + 1);
}

TEST_P(WriteBatching, ABurstOfTellsArrivesInTheOrderSent) {
  auto echo = b_->lookup("echo", "node-a");
  constexpr int kCount = 20000;
  for (int i = 0; i < kCount; ++i) echo.tell(i);
  const auto history = echo.ask<std::vector<int>>(std::string("history"), 10s);
  ASSERT_EQ(history.size(), static_cast<std::size_t>(kCount));
  for (int i = 0; i < kCount; ++i) ASSERT_EQ(history[static_cast<std::size_t>(i)], i);
}

TEST_P(WriteBatching, AsksFromSeveralThreadsAtOnceAreAllAnswered) {
  auto echo = b_->lookup("echo", "node-a");
  constexpr int kThreads = 4;
  constexpr int kEach = 300;
  std::vector<int> wrong(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const int value = t * kEach + i;
        if (echo.ask<int>(value, 10s) != value + 1) ++wrong[static_cast<std::size_t>(t)];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(wrong[static_cast<std::size_t>(t)], 0);
}

TEST_P(WriteBatching, AFrameNearTheSizeLimitArrivesWhole) {
  // Within NATS's default payload limit (1 MiB) and the node's max_frame_size, with the reply
  // a few bytes larger still.
  const std::string big(900 * 1024, 'x');
  const auto reply = b_->lookup("echo", "node-a").ask<std::string>(big, 10s);
  ASSERT_EQ(reply.size(), big.size() + 6);
  EXPECT_EQ(reply.substr(0, 6), "echo: ");
  EXPECT_EQ(reply.find_first_not_of('x', 6), std::string::npos);
}

TEST_P(WriteBatching, TellsSentJustBeforeTheSendingNodeClosesStillArrive) {
  constexpr int kCount = 5000;
  {
    auto echo = b_->lookup("echo", "node-a");
    for (int i = 0; i < kCount; ++i) echo.tell(i);
  }
  b_.reset();  // what it buffered leaves before the connection closes
  // Asked through the one server, which handed node-a the tells before it took this ask.
  const auto history =
      a_->lookup("echo", "node-a").ask<std::vector<int>>(std::string("history"), 10s);
  EXPECT_EQ(history.size(), static_cast<std::size_t>(kCount));
}

std::string setting_name(const ::testing::TestParamInfo<bool>& setting) {
  return setting.param ? "Batched" : "WrittenBySender";
}

INSTANTIATE_TEST_SUITE_P(Remote, WriteBatching, ::testing::Values(true, false), setting_name);

}  // namespace
