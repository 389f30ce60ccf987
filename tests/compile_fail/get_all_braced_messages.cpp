// get_all over a braced list of futures of a move-only value would return references into the
// list's temporary futures; it does not compile, with a message naming the safe spelling.
// expect: keep the futures in a container
// first error: static(_assert| assertion) failed.*pykka: get_all\(\{\.\.\.\}\) would
#include <vector>

#include "common.hpp"

void misuse(const pykka::AnyActorRef& ref) {
  std::vector<pykka::Future<pykka::Message>> kept{ref.ask(1, pykka::nonblocking)};
  (void)pykka::get_all(kept);
  (void)pykka::get_all({ref.ask<int>(1, pykka::nonblocking)});
#ifdef PYKKA_COMPILE_FAIL
  (void)pykka::get_all({ref.ask(1, pykka::nonblocking), ref.ask(2, pykka::nonblocking)});
#endif
}
