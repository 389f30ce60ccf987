// Death watch across nodes: a watched remote actor's end reaches a termination future and a
// watching actor's mailbox with its reason; a node that leaves, or whose process is killed,
// counts as each of its watched actors dying.

#include <chrono>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>
#include <pykka/remote.hpp>

#include "support/event.hpp"
#include "support/nats_server.hpp"
#include "support/remote_child_node.hpp"
#include "support/remote_fixture.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::remote::RemoteTerminated;
using pykka::remote::RemoteTerminationReason;
using pykka::testing::Echo;
using pykka::testing::Event;
using pykka::testing::kWaitLimit;
using pykka::testing::node_options;
using RemoteWatch = pykka::testing::RemoteFixture;
using Seen = std::vector<std::string>;

// Records what it handles: "<n>" for an int, "terminated:<reason>" for a notice; "hold" blocks it
// until the test releases it; "seen" replies with the record.
class Recorder : public pykka::ThreadingActor {
 public:
  explicit Recorder(std::shared_ptr<Event> release = std::make_shared<Event>())
      : release_(std::move(release)) {}
  pykka::Message on_receive(pykka::Message& message) override {
    if (const auto* notice = message.get_if<RemoteTerminated>()) {
      seen_.push_back(std::string("terminated:") + pykka::remote::to_string(notice->reason));
    } else if (const auto* number = message.get_if<int>()) {
      seen_.push_back(std::to_string(*number));
    } else if (const auto* text = message.get_if<std::string>()) {
      if (*text == "hold") (void)release_->wait();
      if (*text == "seen") return seen_;
    }
    return {};
  }

 private:
  std::shared_ptr<Event> release_;
  Seen seen_;
};

class FailsToStart : public pykka::ThreadingActor {
 public:
  void on_start() override { throw std::logic_error("cannot start"); }
};

Seen seen_by(const pykka::ActorRef<Recorder>& recorder) {
  return recorder.ask<Seen>(std::string("seen"), kWaitLimit);
}

// An Echo exposed as "echo" by node-a, its ref on node-b and its termination future there.
struct WatchedEcho {
  pykka::ActorRef<Echo> local;
  pykka::remote::RemoteRef echo;
  pykka::Future<RemoteTerminated> done;
};

WatchedEcho watch_echo(pykka::ActorSystem& system, pykka::remote::Node& a, pykka::remote::Node& b) {
  auto local = system.start<Echo>();
  a.expose(local, "echo");
  auto echo = b.lookup("echo", "node-a");
  auto done = echo.termination();
  // The round trip follows the watch check on the same subject: the watch is in place.
  EXPECT_TRUE(echo.is_alive(5s));
  return WatchedEcho{local, echo, done};
}

TEST_F(RemoteWatch, CompletesTheTerminationWithStoppedWhenTheWatchedActorStops) {
  WatchedEcho watched = watch_echo(system_, *a_, *b_);
  EXPECT_FALSE(watched.done.done());
  watched.local.stop();
  const RemoteTerminated& notice = watched.done.get(kWaitLimit);
  EXPECT_EQ(notice.reason, RemoteTerminationReason::stopped);
  EXPECT_TRUE(notice.stopped());
  EXPECT_EQ(notice.actor, watched.echo);
  EXPECT_TRUE(notice.error_text.empty());
}

TEST_F(RemoteWatch, ReportsFailedWithTheErrorTypeAndTextWhenATellThrows) {
  a_->expose(system_.start<Echo>(), "echo");
  auto echo = b_->lookup("echo", "node-a");
  pykka::Future<RemoteTerminated> done = echo.termination();
  echo.tell(std::string("boom"));
  const RemoteTerminated& notice = done.get(kWaitLimit);
  EXPECT_EQ(notice.reason, RemoteTerminationReason::failed);
  EXPECT_EQ(notice.error_type, "std::runtime_error");
  EXPECT_EQ(notice.error_text, "boom");
  std::ostringstream printed;
  printed << notice;
  EXPECT_EQ(printed.str(),
            "RemoteTerminated(RemoteRef(echo @ node-a), failed: std::runtime_error: boom)");
}

TEST_F(RemoteWatch, ReportsFailedInOnStartForAnActorWhoseStartThrew) {
  auto broken = system_.start<FailsToStart>();
  a_->expose(broken, "broken");
  const RemoteTerminated notice = b_->lookup("broken", "node-a").termination().get(kWaitLimit);
  EXPECT_EQ(notice.reason, RemoteTerminationReason::failed_in_on_start);
  EXPECT_EQ(notice.error_type, "std::logic_error");
  EXPECT_EQ(notice.error_text, "cannot start");
}

TEST_F(RemoteWatch, ReportsNotServedAtOnceForAnAddressNobodyServes) {
  const auto started = std::chrono::steady_clock::now();
  const RemoteTerminated nobody = b_->lookup("nobody", "node-a").termination().get(kWaitLimit);
  const RemoteTerminated nowhere = b_->lookup("echo", "no-such-node").termination().get(kWaitLimit);
  EXPECT_EQ(nobody.reason, RemoteTerminationReason::not_served);
  EXPECT_EQ(nowhere.reason, RemoteTerminationReason::not_served);
  // Far below the heartbeat timeout and the ask timeout: the server said "no responders".
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

TEST_F(RemoteWatch, ReportsHowAnActorStillExposedButAlreadyDeadEnded) {
  auto local = system_.start<Echo>();
  a_->expose(local, "echo");
  local.stop();
  const RemoteTerminated notice = b_->lookup("echo", "node-a").termination().get(kWaitLimit);
  EXPECT_EQ(notice.reason, RemoteTerminationReason::stopped);
}

TEST_F(RemoteWatch, ReportsNotServedWhenTheWatchedActorIsUnexposed) {
  WatchedEcho watched = watch_echo(system_, *a_, *b_);
  ASSERT_TRUE(a_->unexpose("echo"));
  EXPECT_EQ(watched.done.get(kWaitLimit).reason, RemoteTerminationReason::not_served);
  EXPECT_TRUE(watched.local.is_alive());  // only its address went away
}

TEST_F(RemoteWatch, TellsAWatchingActorInOrderWithItsOtherMessagesAndOnlyOnce) {
  WatchedEcho watched = watch_echo(system_, *a_, *b_);
  auto recorder = system_.start<Recorder>();
  b_->watch(watched.echo, recorder);
  b_->watch(watched.echo, recorder);  // a second watch by the same watcher changes nothing
  recorder.tell(1);
  watched.local.stop();
  ASSERT_EQ(watched.done.get(kWaitLimit).reason, RemoteTerminationReason::stopped);
  // The watcher was told before the future completed, so this comes after the notice.
  recorder.tell(2);
  EXPECT_EQ(seen_by(recorder), (Seen{"1", "terminated:stopped", "2"}));
}

TEST_F(RemoteWatch, UnwatchLeavesTheWatcherWithoutANotice) {
  WatchedEcho watched = watch_echo(system_, *a_, *b_);
  auto recorder = system_.start<Recorder>();
  b_->watch(watched.echo, recorder);
  EXPECT_TRUE(b_->unwatch(watched.echo, recorder));
  EXPECT_FALSE(b_->unwatch(watched.echo, recorder));
  watched.local.stop();
  ASSERT_EQ(watched.done.get(kWaitLimit).reason, RemoteTerminationReason::stopped);
  recorder.tell(1);
  EXPECT_EQ(seen_by(recorder), Seen{"1"});
}

TEST_F(RemoteWatch, UnwatchDropsANoticeAlreadyInTheWatchersMailbox) {
  WatchedEcho watched = watch_echo(system_, *a_, *b_);
  auto release = std::make_shared<Event>();
  auto recorder = system_.start<Recorder>(release);
  b_->watch(watched.echo, recorder);
  recorder.tell(std::string("hold"));
  watched.local.stop();
  ASSERT_EQ(watched.done.get(kWaitLimit).reason, RemoteTerminationReason::stopped);
  // The notice waits behind "hold" now.
  EXPECT_TRUE(b_->unwatch(watched.echo, recorder));
  release->set();
  recorder.tell(1);
  EXPECT_EQ(seen_by(recorder), Seen{"1"});
}

TEST_F(RemoteWatch, ReportsAnEndThatNoNoticeCouldCarryOnceTheWatcherIsBack) {
  WatchedEcho watched = watch_echo(system_, *a_, *b_);
  server_->stop();
  // The client notices the lost server by itself; wait for it, bounded.
  const auto deadline = std::chrono::steady_clock::now() + kWaitLimit;
  while (b_->is_connected() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);  // polling a state libnats changes on its own thread
  }
  ASSERT_FALSE(b_->is_connected());
  watched.local.stop();  // its notice has no server to go to
  ASSERT_TRUE(server_->start());
  // Checked again after the reconnection, the still exposed actor answers how it ended.
  EXPECT_EQ(watched.done.get(kWaitLimit).reason, RemoteTerminationReason::stopped);
}

TEST_F(RemoteWatch, RefusesEmptyRefs) {
  auto recorder = system_.start<Recorder>();
  EXPECT_THROW(b_->watch(pykka::remote::RemoteRef(), recorder), pykka::Error);
  EXPECT_THROW(b_->watch(b_->lookup("echo", "node-a"), pykka::AnyActorRef()), pykka::Error);
  EXPECT_THROW((void)pykka::remote::RemoteRef().termination(), pykka::Error);
}

TEST_F(RemoteWatch, FailsAPendingTerminationWithErrorWhenTheWatchingNodeCloses) {
  WatchedEcho watched = watch_echo(system_, *a_, *b_);
  b_.reset();
  try {
    (void)watched.done.get(kWaitLimit);
    FAIL() << "the termination completed";
  } catch (const pykka::Timeout&) {
    FAIL() << "the termination was left pending";
  } catch (const pykka::Error& error) {
    EXPECT_NE(std::string(error.what()).find("closed"), std::string::npos) << error.what();
  }
}

TEST(RemoteWatchOptions, RefuseAHeartbeatTimeoutNotLongerThanTheInterval) {
  pykka::ActorSystem system;
  auto options = node_options("node-a", "nats://127.0.0.1:1");
  options.heartbeat_interval = 1s;
  options.heartbeat_timeout = 1s;
  EXPECT_THROW(pykka::remote::Node(system, options), pykka::InvalidArgument);
  options.heartbeat_interval = 0ms;
  EXPECT_THROW(pykka::remote::Node(system, options), pykka::InvalidArgument);
}

class RemoteWatchNodeLoss : public ::testing::Test {
 protected:
  void SetUp() override {
    pykka::testing::register_remote_test_types();
    server_ = std::make_unique<pykka::testing::NatsServer>();
    ASSERT_TRUE(server_->running()) << "nats-server did not start";
  }

  std::unique_ptr<pykka::testing::NatsServer> server_;
  pykka::ActorSystem system_;
};

TEST_F(RemoteWatchNodeLoss, ReportsEveryWatchedActorOfADestroyedNodeAsNodeLostAtOnce) {
  auto watching = node_options("node-b", server_->url());
  watching.heartbeat_timeout = 60s;  // far beyond the bound below: the goodbye must do it
  pykka::remote::Node b(system_, watching);
  auto a = std::make_unique<pykka::remote::Node>(system_, node_options("node-a", server_->url()));
  a->expose(system_.start<Echo>(), "one");
  a->expose(system_.start<Echo>(), "two");
  auto one = b.lookup("one", "node-a");
  auto two = b.lookup("two", "node-a");
  auto recorder = system_.start<Recorder>();
  b.watch(one, recorder);
  pykka::Future<RemoteTerminated> one_done = one.termination();
  pykka::Future<RemoteTerminated> two_done = two.termination();
  // Each round trip follows the watch check on the same subjects: both watches are in place.
  ASSERT_TRUE(one.is_alive(5s));
  ASSERT_TRUE(two.is_alive(5s));
  const auto destroyed = std::chrono::steady_clock::now();
  a.reset();
  EXPECT_EQ(one_done.get(kWaitLimit).reason, RemoteTerminationReason::node_lost);
  EXPECT_EQ(two_done.get(kWaitLimit).reason, RemoteTerminationReason::node_lost);
  EXPECT_LT(std::chrono::steady_clock::now() - destroyed, 5s);
  EXPECT_EQ(seen_by(recorder), Seen{"terminated:node_lost"});
}

TEST_F(RemoteWatchNodeLoss, ReportsTheActorsOfAKilledNodeProcessAsNodeLostWithinTheTimeout) {
  auto watching = node_options("parent", server_->url());
  watching.heartbeat_interval = 250ms;
  watching.heartbeat_timeout = 2s;  // the child beats every 500 ms (the default)
  pykka::remote::Node node(system_, watching);
  pykka::testing::ChildNode child(server_->url(), "child");
  ASSERT_TRUE(child.ready());
  auto echo = node.lookup("echo", "child");
  auto recorder = system_.start<Recorder>();
  node.watch(echo, recorder);
  pykka::Future<RemoteTerminated> done = echo.termination();
  ASSERT_TRUE(echo.is_alive(5s));
  EXPECT_FALSE(done.done());
  const auto killed = std::chrono::steady_clock::now();
  child.kill_with(SIGKILL);
  const RemoteTerminated notice = done.get(kWaitLimit);
  EXPECT_EQ(notice.reason, RemoteTerminationReason::node_lost);
  EXPECT_NE(notice.error_text.find("no heartbeat from node child"), std::string::npos)
      << notice.error_text;
  // The timeout plus one tick, with room for a loaded machine.
  EXPECT_LT(std::chrono::steady_clock::now() - killed, 2s + 3s);
  EXPECT_EQ(seen_by(recorder), Seen{"terminated:node_lost"});
}

TEST_F(RemoteWatchNodeLoss, ReportsTheActorsOfANodeRestartedUnderTheSameNameAsNodeLost) {
  auto watching = node_options("parent", server_->url());
  watching.heartbeat_timeout = 60s;  // far beyond the bound below: the new incarnation must do it
  pykka::remote::Node node(system_, watching);
  auto first = std::make_unique<pykka::testing::ChildNode>(server_->url(), "child");
  ASSERT_TRUE(first->ready());
  auto echo = node.lookup("echo", "child");
  pykka::Future<RemoteTerminated> done = echo.termination();
  ASSERT_TRUE(echo.is_alive(5s));
  first->kill_with(SIGKILL);  // no goodbye
  pykka::testing::ChildNode second(server_->url(), "child");
  ASSERT_TRUE(second.ready());
  const auto restarted = std::chrono::steady_clock::now();
  const RemoteTerminated notice = done.get(kWaitLimit);
  EXPECT_EQ(notice.reason, RemoteTerminationReason::node_lost);
  EXPECT_NE(notice.error_text.find("restarted"), std::string::npos) << notice.error_text;
  EXPECT_LT(std::chrono::steady_clock::now() - restarted, 5s);
  // The namesake on the new node is watched afresh, and alive.
  pykka::Future<RemoteTerminated> again = echo.termination();
  ASSERT_TRUE(echo.is_alive(5s));
  EXPECT_FALSE(again.done());
}

}  // namespace
