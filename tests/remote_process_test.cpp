// Remote refs to a node in another process: asks and tells cross, and a node killed while asked
// makes the ask end in a bounded time.

#include <chrono>
#include <string>

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <pykka/pykka.hpp>
#include <pykka/remote.hpp>

#include "support/nats_server.hpp"
#include "support/remote_fixture.hpp"

namespace {

using namespace std::chrono_literals;

// The child node process (tests/remote/remote_node_child.cpp), stopped by its PID.
class ChildNode {
 public:
  ChildNode(const std::string& url, const std::string& name) {
    int fds[2];
    if (pipe(fds) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    char* const argv[] = {const_cast<char*>(PYKKA_REMOTE_NODE_CHILD),
                          const_cast<char*>(url.c_str()), const_cast<char*>(name.c_str()), nullptr};
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, PYKKA_REMOTE_NODE_CHILD, &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    out_ = fds[0];
    if (rc == 0) pid_ = pid;
    // Its node is connected and its actors are exposed.
    ready_ = pid_ > 0 && wait_for_output("ready");
  }
  ~ChildNode() {
    kill_with(SIGKILL);
    if (out_ >= 0) close(out_);
  }
  ChildNode(const ChildNode&) = delete;
  ChildNode& operator=(const ChildNode&) = delete;

  // Waits, at most 10 s, until the child has printed `word`; true if it did.
  bool wait_for_output(const std::string& word) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (output_.find(word) == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd fd{out_, POLLIN, 0};
      if (left.count() <= 0 || poll(&fd, 1, static_cast<int>(left.count())) <= 0) return false;
      char buffer[64];
      const ssize_t n = read(out_, buffer, sizeof buffer);
      if (n <= 0) return false;
      output_.append(buffer, static_cast<std::size_t>(n));
    }
    return true;
  }

  [[nodiscard]] bool ready() const noexcept { return ready_; }

  // Sends `signal` and reaps the child; returns its wait status.
  int kill_with(int signal) {
    if (pid_ <= 0) return -1;
    kill(pid_, signal);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return status;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;        // the read end of the child's standard output
  std::string output_;  // what the child printed so far
  bool ready_ = false;
};

class RemoteProcess : public ::testing::Test {
 protected:
  void SetUp() override {
    pykka::testing::register_remote_test_types();
    server_ = std::make_unique<pykka::testing::NatsServer>();
    ASSERT_TRUE(server_->running());
    auto options = pykka::testing::node_options("parent", server_->url());
    options.ask_timeout = 2s;  // bounds the non-blocking asks below
    node_ = std::make_unique<pykka::remote::Node>(system_, options);
  }
  void TearDown() override {
    node_.reset();
    server_.reset();
  }

  pykka::ActorSystem system_;
  std::unique_ptr<pykka::testing::NatsServer> server_;
  std::unique_ptr<pykka::remote::Node> node_;
};

TEST_F(RemoteProcess, AsksAndTellsAnActorInAnotherProcess) {
  ChildNode child(server_->url(), "child");
  ASSERT_TRUE(child.ready());
  auto echo = node_->lookup("echo", "child");
  EXPECT_EQ(echo.ask<std::string>(std::string("over there"), 5s), "echo: over there");
  for (int i = 0; i < 100; ++i) echo.tell(i);
  const auto history = echo.ask<std::vector<int>>(std::string("history"), 5s);
  ASSERT_EQ(history.size(), 100U);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(history[static_cast<std::size_t>(i)], i);
  const auto point = echo.ask<pykka::testing::Point>(pykka::testing::Point{5, 6}, 5s);
  EXPECT_EQ(point.x, 6);
  const int status = child.kill_with(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
}

TEST_F(RemoteProcess, ReachesTwoOtherNodeProcessesAndFindsTheirActors) {
  ChildNode first(server_->url(), "first");
  ChildNode second(server_->url(), "second");
  ASSERT_TRUE(first.ready());
  ASSERT_TRUE(second.ready());
  EXPECT_EQ(node_->lookup("echo", "first").ask<int>(10, 5s), 11);
  EXPECT_EQ(node_->lookup("echo", "second").ask<int>(20, 5s), 21);
  // Each child exposes "echo" and "hang".
  EXPECT_EQ(node_->get_by_class_name("Echo", 500ms).size(), 2U);
  EXPECT_EQ(node_->get_all(500ms).size(), 4U);
}

TEST_F(RemoteProcess, AnAskToANodeKilledMeanwhileEndsWithTimeoutInBoundedTime) {
  ChildNode child(server_->url(), "child");
  ASSERT_TRUE(child.ready());
  auto hang = node_->lookup("hang", "child");
  const auto started = std::chrono::steady_clock::now();
  pykka::Future<int> reply = hang.ask<int>(1, pykka::nonblocking);
  // Killed once the ask is in the child's hands: a kill before the request reached it would make
  // the server answer "no responders" instead (an ActorDeadError, right for that case too).
  ASSERT_TRUE(child.wait_for_output("hanging"));
  child.kill_with(SIGKILL);
  EXPECT_THROW((void)reply.get(20s), pykka::Timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
  // Later asks find nobody serving it and fail at once.
  EXPECT_THROW((void)hang.ask<int>(1, 5s), pykka::ActorDeadError);
}

}  // namespace
