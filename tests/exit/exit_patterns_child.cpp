// A child program for the exit-pattern tests: each mode is one way a program ends while actors
// still run, and prints what happened, in order, on stdout.
//   global-stops-actor   a global object created before the first start stops its actor in its
//                        destructor
//   atexit-stops-actors  an atexit handler registered before the first start stops every actor
//   static-in-on-stop    an actor still busy when main returns writes, in on_stop, to a
//                        function-local static first used after the first start
//   never-stopped        an idle non-daemon actor nobody stops: exit must say why it waits

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <pykka/pykka.hpp>

namespace {

// Built twice: with threading actors, and with fiber actors (PYKKA_EXIT_CHILD_FIBER).
#ifdef PYKKA_EXIT_CHILD_FIBER
using ActorBase = pykka::FiberActor;
#else
using ActorBase = pykka::ThreadingActor;
#endif

void say(const char* line) {
  std::printf("%s\n", line);
  std::fflush(stdout);
}

class Worker : public ActorBase {
 public:
  pykka::Message on_receive(pykka::Message& /*message*/) override { return 1; }
  void on_stop() override { say("on_stop ran"); }
};

// Owns an actor for its lifetime, the RAII way.
class Service {
 public:
  Service() = default;
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;
  ~Service() {
    if (!worker_) return;
    say("service stopping its actor");
    (void)worker_->stop(std::chrono::seconds(10));
    say("service stopped");
  }
  void start() { worker_ = pykka::start<Worker>(); }

 private:
  std::optional<pykka::ActorRef<Worker>> worker_;
};

Service g_service;  // constructed before main, so before the first start

// Lines written during the run, printed when the journal is destroyed. Writing to it after its
// destructor ran is a use after free.
class Journal {
 public:
  Journal() = default;
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;
  ~Journal() {
    for (const std::string& line : lines_) std::printf("journal: %s\n", line.c_str());
    std::fflush(stdout);
  }
  void write(const char* line) { lines_.emplace_back(line); }

 private:
  std::vector<std::string> lines_;
};

Journal& journal() {
  static Journal instance;
  return instance;
}

pykka::Future<void> g_main_returned;

// Destroyed among the main thread's thread_local objects, the first thing exit() does after
// main returned.
struct MainReturnedSignal {
  MainReturnedSignal() = default;
  MainReturnedSignal(const MainReturnedSignal&) = delete;
  MainReturnedSignal& operator=(const MainReturnedSignal&) = delete;
  ~MainReturnedSignal() { g_main_returned.set(); }
};

// Busy with its one message until main has returned, then stops itself.
class Recorder : public ActorBase {
 public:
  pykka::Message on_receive(pykka::Message& /*message*/) override {
    g_main_returned.get(std::chrono::seconds(10));
    // Give a broken exit sequence every chance to destroy the journal before on_stop runs.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    stop();
    return {};
  }
  void on_stop() override { journal().write("on_stop ran"); }
};

void stop_every_actor() {
  say("atexit handler stopping all actors");
  (void)pykka::ActorRegistry::stop_all(std::chrono::seconds(10));
  say("atexit handler done");
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "global-stops-actor") {
    g_service.start();
  } else if (mode == "atexit-stops-actors") {
    (void)std::atexit(&stop_every_actor);
    (void)pykka::start<Worker>();
    (void)pykka::start<Worker>();
  } else if (mode == "static-in-on-stop") {
    static thread_local MainReturnedSignal signal_on_return;
    pykka::start<Recorder>().tell(1);
    journal().write("main ran");
  } else if (mode == "never-stopped") {
    pykka::start<Worker>().ask<int>(0, std::chrono::seconds(10));
  } else {
    say("unknown mode");
    return 2;
  }
  say("main returning");
  return 0;
}
