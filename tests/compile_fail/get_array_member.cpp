// Reading an array member (other than a char array, copied as a string) does not compile: the
// array would decay to a pointer into the actor's state.
// expect: reading an array member would return a pointer
#include "common.hpp"

class Buffers : public pykka::ThreadingActor {
 public:
  char label[8] = "buffers";
  int samples[4] = {1, 2, 3, 4};
};

void misuse(const pykka::ActorProxy<Buffers>& proxy) {
  (void)proxy.get(&Buffers::label);
#ifdef PYKKA_COMPILE_FAIL
  (void)proxy.get(&Buffers::samples);
#endif
}
