// Pykka's "Actor with proxy" example: method calls with and without a result, field reads and
// field writes, all through a proxy, printed with the name of the thread doing the printing.

#include <chrono>
#include <iostream>
#include <string>
#include <thread>

#include <pthread.h>

#include <pykka/pykka.hpp>

namespace {

void log(const std::string& message) {
  char name[16] = {};
  (void)pthread_getname_np(pthread_self(), name, sizeof name);
  std::cout << (std::string(name) + ": " + message + "\n") << std::flush;
}

class AnActor : public pykka::ThreadingActor {
 public:
  std::string field = "this is the value of AnActor.field";

  void proc() { log("this was printed by AnActor.proc()"); }

  std::string func() {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // block a bit, realistically
    return "this was returned by AnActor.func() after a delay";
  }
};

}  // namespace

int main() {
  (void)pthread_setname_np(pthread_self(), "MainThread");
  auto actor = pykka::start<AnActor>().proxy();
  for (int round = 0; round < 3; ++round) {
    // Method with side effect
    log("calling AnActor.proc() ...");
    (void)actor.call(&AnActor::proc);

    // Method with return value
    log("calling AnActor.func() ...");
    pykka::Future<std::string> result = actor.call(&AnActor::func);  // does not block
    log("printing result ... (blocking)");
    log(result.get());  // blocks until ready

    // Field reading
    log("reading AnActor.field ...");
    result = actor.get(&AnActor::field);  // does not block
    log("printing result ... (blocking)");
    log(result.get());

    // Field writing
    log("writing AnActor.field ...");
    actor.set(&AnActor::field, "new value");  // blocks until the actor has applied it
    result = actor.get(&AnActor::field);
    log("printing new field value ... (blocking)");
    log(result.get());
  }
  actor.actor_ref().stop();
}
