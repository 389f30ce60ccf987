// A method taking a non-const lvalue reference cannot be proxied: the caller would never see
// what it writes.
// expect: cannot take a non-const lvalue reference parameter
// first error: static(_assert| assertion) failed.*pykka: a proxied method cannot take
#include "common.hpp"

void misuse(const pykka::ActorProxy<Calculator>& proxy) {
  (void)proxy.call(&Calculator::add, 1, 2);
#ifdef PYKKA_COMPILE_FAIL
  std::string out;
  (void)proxy.call(&Calculator::fill, out);
#endif
}
