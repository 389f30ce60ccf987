#pragma once

// A node in a child process (tests/remote/remote_node_child.cpp) for the remote tests: it exposes
// "echo" and "hang" on the given server, and is stopped by its PID. The test binary is given the
// child's path as PYKKA_REMOTE_NODE_CHILD.

#include <chrono>
#include <string>

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace pykka::testing {

/// The child node process, stopped (SIGKILL) by its PID at the latest in the destructor.
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
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
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

}  // namespace pykka::testing
