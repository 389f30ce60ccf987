#pragma once

// Starts a real nats-server on a free loopback port for the remote tests, and stops it by its PID.

#include <chrono>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace pykka::testing {

/// Returns a loopback TCP port nobody listens on right now (the kernel's pick for port 0).
inline int free_loopback_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

/// Returns true once something accepts TCP connections on the loopback `port`, within `limit`.
inline bool wait_until_listening(int port, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool up = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(fd);
    if (up) return true;
    // Polling an external process's readiness: there is nothing to wait on.
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

/// A nats-server child process on 127.0.0.1; stopped (by PID) in the destructor.
class NatsServer {
 public:
  /// Starts a server; `extra_args` are added to its command line (e.g. cluster options).
  explicit NatsServer(std::vector<std::string> extra_args = {}, int port = free_loopback_port())
      : port_(port), extra_args_(std::move(extra_args)) {
    start();
  }
  ~NatsServer() { stop(); }
  NatsServer(const NatsServer&) = delete;
  NatsServer& operator=(const NatsServer&) = delete;

  /// Returns true if the server accepted connections after its start.
  [[nodiscard]] bool running() const noexcept { return pid_ > 0; }
  /// Returns its client URL.
  [[nodiscard]] std::string url() const { return "nats://127.0.0.1:" + std::to_string(port_); }

  /// Starts the server again on the same port (after stop).
  bool start() {
    if (pid_ > 0) return true;
    std::vector<std::string> args{"nats-server", "-a", "127.0.0.1", "-p", std::to_string(port_)};
    args.insert(args.end(), extra_args_.begin(), extra_args_.end());
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, "nats-server", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return false;
    pid_ = pid;
    if (!wait_until_listening(port_, std::chrono::seconds(10))) {
      stop();
      return false;
    }
    return true;
  }

  /// Kills the server (SIGKILL: no goodbye to its clients) and reaps it.
  void stop() noexcept {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  int port_;
  std::vector<std::string> extra_args_;
  pid_t pid_ = -1;
};

}  // namespace pykka::testing
