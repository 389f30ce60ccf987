// The SIGUSR1 path of the debug dump, end to end in a child process (tests/debug/
// sigusr1_child.cpp): a real signal, sent from outside, makes a deadlocked program log its state.

#include <chrono>
#include <string>

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace {

#if defined(__SANITIZE_THREAD__)
constexpr bool kUnderThreadSanitizer = true;
#else
constexpr bool kUnderThreadSanitizer = false;
#endif

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

// A child whose stdout and stderr both arrive on one pipe.
class Child {
 public:
  explicit Child(const char* path) {
    int fds[2];
    if (pipe(fds) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    char* argv[] = {const_cast<char*>(path), nullptr};
    if (posix_spawn(&pid_, path, &actions, nullptr, argv, environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    fd_ = fds[0];
  }
  ~Child() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) close(fd_);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  [[nodiscard]] bool started() const { return pid_ > 0; }
  [[nodiscard]] pid_t pid() const { return pid_; }
  [[nodiscard]] const std::string& output() const { return output_; }

  /// Reads until `text` appeared (true) or end of output or the deadline (false).
  bool read_until(const std::string& text, std::chrono::steady_clock::time_point deadline) {
    while (!contains(output_, text)) {
      if (!read_some(deadline)) return false;
    }
    return true;
  }

  /// Reads everything until the child closes its output, then reaps it; returns its exit code
  /// (-1 on deadline or abnormal end).
  int finish(std::chrono::steady_clock::time_point deadline) {
    while (read_some(deadline)) {
    }
    if (std::chrono::steady_clock::now() > deadline) return -1;
    int status = 0;
    if (waitpid(pid_, &status, 0) != pid_) return -1;
    reaped_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  bool read_some(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd poller{fd_, POLLIN, 0};
    if (poll(&poller, 1, static_cast<int>(left.count())) <= 0) return false;
    char buffer[4096];
    const ssize_t count = read(fd_, buffer, sizeof buffer);
    if (count <= 0) return false;
    output_.append(buffer, static_cast<std::size_t>(count));
    return true;
  }

  pid_t pid_ = -1;
  int fd_ = -1;
  bool reaped_ = false;
  std::string output_;
};

TEST(TracebackSignal, SigusrOneMakesADeadlockedProcessLogEveryThreadsState) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  Child child(PYKKA_SIGUSR1_CHILD);
  ASSERT_TRUE(child.started());
  ASSERT_TRUE(child.read_until("ready\n", deadline)) << child.output();
  const std::string before = child.output();
  EXPECT_EQ(count_of(before, "ERROR:pykka:Deadlock detected: DeadlockActor"), 1u) << before;
  EXPECT_FALSE(contains(before, "CRITICAL:")) << "no dump before the signal";

  ASSERT_EQ(kill(child.pid(), SIGUSR1), 0);
  EXPECT_EQ(child.finish(deadline), 0) << child.output();

  const std::string& out = child.output();
  EXPECT_EQ(count_of(out, "CRITICAL:pykka:Current state of "), 4u) << out;
  EXPECT_TRUE(contains(out, "CRITICAL:pykka:Current state of MainThread (ident: ")) << out;
  EXPECT_TRUE(contains(out, "CRITICAL:pykka:Current state of pykka-debug (ident: ")) << out;
  EXPECT_TRUE(contains(out, "CRITICAL:pykka:Current state of DeadlockActorA-")) << out;
  EXPECT_TRUE(contains(out, "CRITICAL:pykka:Current state of DeadlockActorB-")) << out;
  EXPECT_EQ(count_of(out, "\n  Blocked on: the reply of DeadlockActorA (urn:uuid:"), 1u) << out;
  EXPECT_EQ(count_of(out, "\n  Blocked on: the reply of DeadlockActorB (urn:uuid:"), 1u) << out;
  EXPECT_EQ(count_of(out, "\n  Deadlock: DeadlockActor"), 2u) << out;
  // Symbolised native frames of the actors' own code. ThreadSanitizer defers signals to a thread
  // until it leaves a blocking call, so under a loaded TSan run an actor may miss the capture
  // deadline; the dump then says so instead of showing its frames.
  if (!kUnderThreadSanitizer || !contains(out, "Stack: not captured")) {
    EXPECT_TRUE(contains(out, "DeadlockActorA::on_receive(pykka::Message&)")) << out;
    EXPECT_TRUE(contains(out, "DeadlockActorB::on_receive(pykka::Message&)")) << out;
  }
  EXPECT_TRUE(contains(out, "pykka::debug::log_thread_tracebacks()")) << out;
}

}  // namespace
