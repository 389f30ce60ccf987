// Reading a message sent as a C string as `const char*` does not compile: it is stored as
// std::string, and a pointer into it would dangle once the message is gone.
// expect: C strings are stored as std::string
#include <string>

#include <pykka/message.hpp>

void misuse() {
  pykka::Message message("hello");
  (void)message.as<std::string>();
#ifdef PYKKA_COMPILE_FAIL
  (void)message.as<const char*>();
#endif
}
