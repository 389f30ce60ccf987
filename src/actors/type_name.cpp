#include "pykka/detail/type_name.hpp"

#include <cstdlib>
#include <memory>

#include <cxxabi.h>

namespace pykka::detail {

std::string demangle(const char* mangled) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> text(
      abi::__cxa_demangle(mangled, nullptr, nullptr, &status), std::free);
  return status == 0 && text ? std::string(text.get()) : std::string(mangled);
}

std::string unqualified(std::string_view qualified) {
  // Cut at the last "::" outside template arguments, so "ns::Box<ns::Item>" -> "Box<ns::Item>".
  int depth = 0;
  std::size_t cut = 0;
  for (std::size_t i = 0; i < qualified.size(); ++i) {
    const char c = qualified[i];
    if (c == '<' || c == '(') ++depth;
    if (c == '>' || c == ')') --depth;
    if (depth == 0 && c == ':' && i + 1 < qualified.size() && qualified[i + 1] == ':') {
      cut = i + 2;
      ++i;
    }
  }
  return std::string(qualified.substr(cut));
}

}  // namespace pykka::detail
