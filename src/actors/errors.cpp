#include "pykka/errors.hpp"

// The exception types are header-only; this file anchors nothing but keeps the one-stem layout
// (errors.hpp / errors.cpp / errors_test.cpp) and gives the describe helpers a home.

#include <exception>
#include <string>

#include <cxxabi.h>

#include "diagnostics/describe.hpp"
#include "pykka/detail/type_name.hpp"

namespace pykka::detail {

std::string describe_exception(const std::exception_ptr& error) {
  if (!error) return {};
  try {
    std::rethrow_exception(error);
  } catch (const SystemExit& e) {
    return "pykka::SystemExit: " + e.reason();
  } catch (const std::exception& e) {
    return demangle(typeid(e).name()) + ": " + e.what();
  } catch (...) {
    // __cxa_current_exception_type names the type of a throw that is not a std::exception.
    const std::type_info* type = abi::__cxa_current_exception_type();
    return (type != nullptr ? demangle(type->name()) : std::string("unknown")) +
           ": (exception not derived from std::exception)";
  }
}

}  // namespace pykka::detail
