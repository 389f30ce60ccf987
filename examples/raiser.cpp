// The quickstart's Raiser: an exception thrown while handling an ask travels back to the caller,
// with its type and message, and the actor keeps running.

#include <iostream>
#include <stdexcept>

#include <pykka/pykka.hpp>

namespace {

class Raiser : public pykka::ThreadingActor {
 public:
  pykka::Message on_receive(pykka::Message& /*message*/) override {
    throw std::runtime_error("Oops");
  }
};

}  // namespace

int main() {
  auto actor_ref = pykka::start<Raiser>();
  try {
    actor_ref.ask("How are you?");
  } catch (const std::runtime_error& error) {
    std::cout << "caught std::runtime_error('" << error.what() << "')\n";
  }
  std::cout << "still alive: " << std::boolalpha << actor_ref.is_alive() << "\n";
  actor_ref.stop();
}
