// Remote actors: two processes ping-pong through a NATS server.
//
// The example starts its own nats-server on a free loopback port (as a deployment would run
// one or a cluster), then a second copy of itself as the "table" process: a node that exposes a
// Ponger until this process closes its stdin. This process is the "player" node: it asks the
// ponger across the process boundary, shows what remote failures look like, stops the ponger
// remotely, and lets the table process go. Without nats-server on the PATH it says so and exits
// successfully.
//
//   remote_ping                               both sides (what ctest runs)
//   remote_ping --table <nats-url> <ready-fd>  the table side, as the player starts it

#include <chrono>
#include <iostream>
#include <string>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
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

// A child process (nats-server, the table), killed by its PID if it is still there at the end.
struct Child {
  pid_t pid = -1;
  Child() = default;
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (pid > 0) {
      kill(pid, SIGTERM);
      waitpid(pid, nullptr, 0);
    }
  }
  // Waits up to `limit` for the child to exit by itself; its exit status, or -1.
  int wait_exit(std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == pid) {
        pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));  // another process's pace
    }
    return -1;
  }
};

pykka::remote::NodeOptions node_options(const std::string& name, const std::string& url) {
  pykka::remote::NodeOptions options;
  options.name = name;
  options.urls = {url};
  return options;
}

// The table process: serves a Ponger until the player closes this process's stdin (at most a
// minute), so that every reply it sends leaves before its node closes.
int run_table(const std::string& url, int ready_fd) {
  pykka::remote::register_type<Ball>("example.Ball");  // on every node, before any ball flies
  pykka::ActorSystem system;
  pykka::remote::Node table(system, node_options("table", url));
  table.expose(system.start<Ponger>(), "ponger");
  std::cout << "table (pid " << getpid() << "): serving ponger" << std::endl;
  (void)!write(ready_fd, "r", 1);  // tells the player it can start
  close(ready_fd);
  pollfd player_gone{STDIN_FILENO, POLLIN, 0};
  char byte = 0;
  while (poll(&player_gone, 1, 60'000) == 1 && read(STDIN_FILENO, &byte, 1) > 0) {
  }
  return 0;
}

// Waits up to `limit` for a byte on `fd`.
bool readable_within(int fd, std::chrono::milliseconds limit) {
  pollfd ready{fd, POLLIN, 0};
  char byte = 0;
  return poll(&ready, 1, static_cast<int>(limit.count())) == 1 && read(fd, &byte, 1) == 1;
}

int run_player() {
  const int port = free_port();
  const std::string port_text = std::to_string(port);
  const std::string url = "nats://127.0.0.1:" + port_text;
  char* const server_argv[] = {const_cast<char*>("nats-server"),     const_cast<char*>("-a"),
                               const_cast<char*>("127.0.0.1"),       const_cast<char*>("-p"),
                               const_cast<char*>(port_text.c_str()), nullptr};
  posix_spawn_file_actions_t quiet;
  posix_spawn_file_actions_init(&quiet);
  posix_spawn_file_actions_addopen(&quiet, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  Child server;
  const int rc = posix_spawnp(&server.pid, "nats-server", &quiet, nullptr, server_argv, environ);
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

  // The table process, told the server's URL and where to say it is ready.
  int ready[2];
  if (pipe(ready) != 0) return 1;
  fcntl(ready[0], F_SETFD, FD_CLOEXEC);
  const std::string ready_fd = std::to_string(ready[1]);
  char* const table_argv[] = {const_cast<char*>("remote_ping"), const_cast<char*>("--table"),
                              const_cast<char*>(url.c_str()), const_cast<char*>(ready_fd.c_str()),
                              nullptr};
  int table_stdin[2];
  if (pipe(table_stdin) != 0) return 1;
  fcntl(table_stdin[1], F_SETFD, FD_CLOEXEC);
  posix_spawn_file_actions_t with_stdin;
  posix_spawn_file_actions_init(&with_stdin);
  posix_spawn_file_actions_adddup2(&with_stdin, table_stdin[0], STDIN_FILENO);
  Child table;
  const int spawned =
      posix_spawn(&table.pid, "/proc/self/exe", &with_stdin, nullptr, table_argv, environ);
  posix_spawn_file_actions_destroy(&with_stdin);
  close(table_stdin[0]);
  close(ready[1]);
  if (spawned != 0) {
    table.pid = -1;
    return 1;
  }
  const bool table_ready = readable_within(ready[0], std::chrono::seconds(10));
  close(ready[0]);
  if (!table_ready) {
    std::cout << "the table process did not come up\n";
    return 1;
  }

  pykka::remote::register_type<Ball>("example.Ball");
  pykka::ActorSystem system;
  pykka::remote::Node player(system, node_options("player", url));
  pykka::remote::RemoteRef ponger = player.lookup("ponger", "table");
  std::cout << "player (pid " << getpid() << ") found " << ponger << "\n";

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
  close(table_stdin[1]);  // the table process may go now
  std::cout << "the table process exited with status " << table.wait_exit(std::chrono::seconds(10))
            << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc == 4 && std::string(argv[1]) == "--table") {
      return run_table(argv[2], std::stoi(argv[3]));
    }
    return run_player();
  } catch (const pykka::Error& error) {
    std::cout << "remote_ping: " << error.what() << "\n";  // the children are stopped on the way
    return 1;
  }
}
