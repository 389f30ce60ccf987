// Writing a const data member does not compile.
// expect: set\(\) needs an assignable
#include "common.hpp"

void misuse(const pykka::ActorProxy<Calculator>& proxy) {
  proxy.set(&Calculator::last_result, 1);
#ifdef PYKKA_COMPILE_FAIL
  proxy.set(&Calculator::limit, 1);
#endif
}
