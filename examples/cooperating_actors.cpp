// Pykka's "Multiple cooperating actors" example: a Bookkeeper counts to ten by asking an Adder,
// through the Adder's proxy, to add one at a time. An actor may block on another actor's
// future inside its own method.

#include <iostream>
#include <utility>

#include <pykka/pykka.hpp>

namespace {

class Adder : public pykka::ThreadingActor {
 public:
  int add_one(int i) {
    std::cout << actor_ref() << " is increasing " << i << "\n";
    return i + 1;
  }
};

class Bookkeeper : public pykka::ThreadingActor {
 public:
  explicit Bookkeeper(pykka::ActorProxy<Adder> adder) : adder_(std::move(adder)) {}

  void count_to(int target) {
    int i = 0;
    while (i < target) {
      i = adder_.call(&Adder::add_one, i).get();
      std::cout << actor_ref() << " got " << i << " back\n";
    }
  }

 private:
  pykka::ActorProxy<Adder> adder_;
};

}  // namespace

int main() {
  auto adder = pykka::start<Adder>().proxy();
  auto bookkeeper = pykka::start<Bookkeeper>(adder).proxy();
  bookkeeper.call(&Bookkeeper::count_to, 10).get();
  pykka::ActorRegistry::stop_all();
}
