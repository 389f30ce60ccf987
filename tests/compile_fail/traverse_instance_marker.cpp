// Python's spelling `pykka_traversable = True` as a non-static member cannot mark a class at
// compile time; it is rejected with a message that gives the C++ spelling.
// expect: pykka_traversable must be declared .static constexpr bool pykka_traversable = true
#include "common.hpp"

struct Mixer {
  int volume = 50;
#ifdef PYKKA_COMPILE_FAIL
  bool pykka_traversable = true;
#else
  static constexpr bool pykka_traversable = true;
#endif
};

class Studio : public pykka::ThreadingActor {
 public:
  Mixer mixer;
};

void misuse(const pykka::ActorProxy<Studio>& proxy) {
  (void)proxy.traverse(&Studio::mixer).get(&Mixer::volume);
}
