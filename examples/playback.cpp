// Pykka's "Traversable attributes": a proxy reaches into an actor's member, and on into that
// member's members, when each is marked traversable. The three ways Pykka marks them, in C++.

#include <iostream>

#include <pykka/pykka.hpp>

namespace {

// pykka.traversable(Playback()) on one attribute: wrap the member in pykka::Traversable.
class Playback {
 public:
  bool play() { return true; }
};

// @pykka.traversable on the class: specialise pykka::enable_traversable (below).
class Mixer {
 public:
  int volume = 50;
  int set_volume(int level) { return volume = level; }
};

// pykka_traversable = True in the class.
class Output {
 public:
  static constexpr bool pykka_traversable = true;
  Mixer mixer;
  PYKKA_MEMBERS(Output, mixer)  // optional: names the path when the proxy is printed
};

class AnActor : public pykka::ThreadingActor {
 public:
  pykka::Traversable<Playback> playback;
  Output output;
  PYKKA_MEMBERS(AnActor, playback, output)
};

}  // namespace

template <>
inline constexpr bool pykka::enable_traversable<Mixer> = true;

int main() {
  auto proxy = pykka::start<AnActor>().proxy();

  bool play_success = proxy.traverse(&AnActor::playback).call(&Playback::play).get();
  std::cout << "play_success = " << std::boolalpha << play_success << "\n";

  // As deep as every member on the way is marked.
  auto mixer = proxy.traverse(&AnActor::output).traverse(&Output::mixer);
  std::cout << "volume = " << mixer.call(&Mixer::set_volume, 80).get() << "\n";
  std::cout << mixer << "\n";

  proxy.actor_ref().stop();
}
