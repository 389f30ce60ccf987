// Remote actors: two nodes ping-pong through a NATS server.
//
// The example starts its own nats-server on a free loopback port (as a deployment would run
// one or a cluster), connects two nodes, "table" and "player", exposes a Ponger on "table" and
// asks it from "player", then shows what a remote failure looks like. Without nats-server on the
// PATH it says so and exits successfully.

#include <chrono>
#include <iostream>
#include <string>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <pykka/pykka.hpp>
#include <pykka/remote.hpp>

extern char** environ;

namespace {

// A ball with a counter: a user type crossing the wire under a stable name.
struct Ball {
  int hits = 0;
  MSGPACK_DEFINE(hits)
};

class Ponger : public pykka::ThreadingActor {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    if (auto* ball = message.get_if<Ball>()) return Ball{ball->hits + 1};
    if (message.is<std::string>()) throw std::runtime_error("only balls, please");
    return {};
  }
};

int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

bool listening(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool up = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return up;
}

// The server process; killed by its PID when the example ends.
struct Server {
  pid_t pid = -1;
  ~Server() {
    if (pid > 0) {
      kill(pid, SIGTERM);
      waitpid(pid, nullptr, 0);
    }
  }
};

}  // namespace

int main() {
  const int port = free_port();
  const std::string port_text = std::to_string(port);
  char* const argv[] = {const_cast<char*>("nats-server"),     const_cast<char*>("-a"),
                        const_cast<char*>("127.0.0.1"),       const_cast<char*>("-p"),
                        const_cast<char*>(port_text.c_str()), nullptr};
  posix_spawn_file_actions_t quiet;
  posix_spawn_file_actions_init(&quiet);
  posix_spawn_file_actions_addopen(&quiet, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  Server server;
  const int rc = posix_spawnp(&server.pid, "nats-server", &quiet, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&quiet);
  if (rc != 0) {
    server.pid = -1;
    std::cout << "nats-server not found: skipping the remote example\n";
    return 0;
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!listening(port) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // waiting for another process
  }

  pykka::remote::register_type<Ball>("example.Ball");  // on every node, before any ball flies
  pykka::ActorSystem system;
  pykka::remote::NodeOptions options;
  options.urls = {"nats://127.0.0.1:" + port_text};
  options.name = "table";
  pykka::remote::Node table(system, options);
  options.name = "player";
  pykka::remote::Node player(system, options);

  table.expose(system.start<Ponger>(), "ponger");
  pykka::remote::RemoteRef ponger = player.lookup("ponger", "table");
  std::cout << "player found " << ponger << "\n";

  Ball ball;
  for (int i = 0; i < 3; ++i) ball = ponger.ask<Ball>(ball, std::chrono::seconds(5));
  std::cout << "the ball came back " << ball.hits << " times\n";

  try {
    (void)ponger.ask(std::string("a shoe"), std::chrono::seconds(5));
  } catch (const pykka::RemoteError& error) {
    std::cout << "remote handler failed: " << error.what() << "\n";
  }
  try {
    (void)player.lookup("nobody", "table").ask(Ball{}, std::chrono::seconds(5));
  } catch (const pykka::ActorDeadError&) {
    std::cout << "nobody serves table/nobody: ActorDeadError\n";
  }
  std::cout << "stopped remotely: " << std::boolalpha << ponger.stop(std::chrono::seconds(5))
            << "\n";
  return 0;
}
