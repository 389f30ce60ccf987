// Calling a method with the wrong number of arguments does not compile.
// expect: wrong number of arguments for this method
// first error: static(_assert| assertion) failed.*pykka: wrong number of arguments
#include "common.hpp"

void misuse(const pykka::ActorProxy<Calculator>& proxy) {
  (void)proxy.call(&Calculator::add, 1, 2);
#ifdef PYKKA_COMPILE_FAIL
  (void)proxy.call(&Calculator::add, 1);
#endif
}
