// A node in its own process for the remote tests: `remote_node_child <nats-url> <node-name>`
// exposes an Echo actor as "echo" and a Hanger (which never answers, and prints "hanging" when
// it gets a message) as "hang", prints "ready", and runs until SIGTERM (a clean exit) or SIGKILL.

#include <cstdio>
#include <string>

#include <signal.h>

#include <pykka/pykka.hpp>
#include <pykka/remote.hpp>

#include "support/event.hpp"
#include "support/remote_actors.hpp"

namespace {

// Blocks its handler until the process ends, so that an ask to it never gets a reply.
class Hanger : public pykka::ThreadingActor {
 public:
  static constexpr bool use_daemon_thread = true;
  pykka::Message on_receive(pykka::Message& /*message*/) override {
    std::printf("hanging\n");
    std::fflush(stdout);
    (void)never_.wait(std::chrono::hours(1));
    return {};
  }

 private:
  pykka::testing::Event never_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts, so all inherit it
  pykka::testing::register_remote_test_types();
  pykka::ActorSystem system;
  {
    pykka::remote::NodeOptions options;
    options.name = argv[2];
    options.urls = {argv[1]};
    pykka::remote::Node node(system, options);
    node.expose(system.start<pykka::testing::Echo>(), "echo");
    node.expose(system.start<Hanger>(), "hang");
    std::printf("ready\n");
    std::fflush(stdout);
    int received = 0;
    sigwait(&signals, &received);
  }
  return 0;
}
