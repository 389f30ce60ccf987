#pragma once

// Demangled type names, used to name actor classes and message types.

#include <string>
#include <string_view>
#include <typeinfo>

namespace pykka::detail {

/// Returns the demangled form of a mangled type name ("N3foo7GreeterE" -> "foo::Greeter").
std::string demangle(const char* mangled);

/// Returns the name without leading namespace qualifiers ("foo::Greeter<int>" -> "Greeter<int>").
std::string unqualified(std::string_view qualified);

/// Returns the demangled, fully qualified name of T.
template <class T>
std::string type_name() {
  return demangle(typeid(T).name());
}

}  // namespace pykka::detail
