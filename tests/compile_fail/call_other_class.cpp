// Calling a method of another class through a proxy does not compile.
// expect: the method belongs to another class than the proxy's object
// first error: static(_assert| assertion) failed.*pykka: the method belongs to another class
#include "common.hpp"

void misuse(const pykka::ActorProxy<Calculator>& proxy) {
  (void)proxy.call(&Calculator::add, 1, 2);
#ifdef PYKKA_COMPILE_FAIL
  (void)proxy.call(&Other::other);
#endif
}
