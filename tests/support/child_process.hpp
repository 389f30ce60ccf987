#pragma once

// Runs a child program and collects what it prints, for tests of process-exit behaviour.

#include <algorithm>
#include <chrono>
#include <string>

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace pykka::testing {

struct ChildResult {
  bool exited = false;  // ended by itself (not killed by the harness) with an exit status
  int status = -1;
  std::string output;  // stdout, and stderr too if asked for, interleaved as written
  std::chrono::milliseconds took{0};
};

/// Runs `path mode`, reading its stdout (and stderr with `with_stderr`) until EOF within
/// `limit`, or until the output contains `stop_at` (if not empty); a child still running then is
/// killed and reported as not exited.
inline ChildResult run_child(const char* path, const char* mode, std::chrono::milliseconds limit,
                             bool with_stderr = false, const std::string& stop_at = {}) {
  ChildResult result;
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return result;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  if (with_stderr) posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  char* const argv[] = {const_cast<char*>(path), const_cast<char*>(mode), nullptr};
  pid_t pid = 0;
  const auto started = std::chrono::steady_clock::now();
  const int rc = posix_spawn(&pid, path, &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (rc != 0) {
    close(pipe_fds[0]);
    return result;
  }
  const auto deadline = started + limit;
  char buffer[256];
  bool stopped_early = false;
  for (;;) {
    if (!stop_at.empty() && result.output.find(stop_at) != std::string::npos) {
      stopped_early = true;
      break;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd fd{pipe_fds[0], POLLIN, 0};
    if (poll(&fd, 1, static_cast<int>(left.count())) <= 0) break;
    const ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
    if (n <= 0) break;  // EOF: the child (and every thread in it) is gone
    result.output.append(buffer, static_cast<std::size_t>(n));
  }
  close(pipe_fds[0]);
  // EOF can arrive just before the child becomes waitable: wait for it through a pidfd, bounded.
  const int pidfd = stopped_early ? -1 : static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (pidfd >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd fd{pidfd, POLLIN, 0};
    (void)poll(&fd, 1, static_cast<int>(std::max<long>(left.count(), 0)));
    close(pidfd);
  }
  if (waitpid(pid, &result.status, WNOHANG) == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &result.status, 0);
    return result;
  }
  result.took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  result.exited = WIFEXITED(result.status);
  return result;
}

}  // namespace pykka::testing
