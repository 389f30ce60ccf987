// The quickstart's Greeter: start an actor with constructor arguments, tell it something, ask it
// something, and stop it.

#include <chrono>
#include <iostream>
#include <string>

#include <pykka/pykka.hpp>

namespace {

class Greeter : public pykka::ThreadingActor {
 public:
  explicit Greeter(std::string greeting = "Hi there!") : greeting_(std::move(greeting)) {}

  pykka::Message on_receive(pykka::Message& message) override {
    std::cout << "Greeter got " << message << "\n";
    return greeting_;  // the reply to an ask; ignored for a tell
  }

 private:
  std::string greeting_;
};

}  // namespace

int main() {
  using namespace std::chrono_literals;

  pykka::ActorRef<Greeter> actor_ref = pykka::start<Greeter>("Hi you!");

  actor_ref.tell("Hi!");  // returns at once; never blocks

  std::string answer = actor_ref.ask<std::string>("Hi?");  // blocks for the reply
  std::cout << answer << "\n";

  answer = actor_ref.ask<std::string>("Hi?", 3s);  // or throws pykka::Timeout after 3 s
  std::cout << answer << "\n";

  pykka::Future<std::string> future = actor_ref.ask<std::string>("Hi?", pykka::nonblocking);
  std::cout << future.get(100ms) << "\n";  // blocks at most 100 ms

  actor_ref.stop();
}
