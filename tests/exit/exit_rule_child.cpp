// A child program for the process-exit rule tests: main returns while an actor still runs.
//   exit_rule_child non-daemon  -> main must wait for the actor to finish
//   exit_rule_child daemon      -> the process must exit without waiting

#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

#include <pykka/pykka.hpp>

namespace {

// Set by main just before it returns.
pykka::Future<void> g_main_returning;

// Waits (bounded) until main is returning, then reports and stops itself.
template <bool Daemon>
class Lingering : public pykka::ThreadingActor {
 public:
  static constexpr bool use_daemon_thread = Daemon;

  pykka::Message on_receive(pykka::Message& /*message*/) override {
    if (Daemon) {
      // Stay busy far longer than the test allows; exit must not wait for this.
      try {
        pykka::Future<void>().get(std::chrono::seconds(60));
      } catch (const pykka::Timeout&) {
      }
      std::printf("actor finished\n");
      return {};
    }
    g_main_returning.get(std::chrono::seconds(10));
    // Give a broken runtime (one that lets the process exit under a running actor) every chance
    // to do so before this actor reports.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::printf("actor finished after main returned\n");
    std::fflush(stdout);
    stop();
    return {};
  }
  void on_stop() override {
    std::printf("on_stop ran\n");
    std::fflush(stdout);
  }
};

}  // namespace

int main(int argc, char** argv) {
  const bool daemon = argc > 1 && std::strcmp(argv[1], "daemon") == 0;
  if (daemon) {
    pykka::start<Lingering<true>>().tell(1);
  } else {
    pykka::start<Lingering<false>>().tell(1);
  }
  std::printf("main returning\n");
  std::fflush(stdout);
  g_main_returning.set();
  return 0;
}
