// Calling a method with an argument that does not convert to the parameter does not compile.
// expect: an argument cannot be converted to the method's parameter type
// first error: static(_assert| assertion) failed.*pykka: an argument cannot be converted
#include "common.hpp"

void misuse(const pykka::ActorProxy<Calculator>& proxy) {
  (void)proxy.call(&Calculator::add, 1, 2);
#ifdef PYKKA_COMPILE_FAIL
  (void)proxy.call(&Calculator::add, 1, std::string("2"));
#endif
}
