#include "pykka/message.hpp"

#include <ostream>
#include <sstream>

#include "pykka/detail/type_name.hpp"
#include "pykka/errors.hpp"

namespace pykka {

std::string Message::type_name() const { return detail::demangle(type().name()); }

void Message::throw_type_error(const std::type_info& wanted) const {
  throw TypeError("message holds " + type_name() + ", not " + detail::demangle(wanted.name()));
}

std::ostream& operator<<(std::ostream& out, const Message& message) {
  if (!message.has_value()) return out << "None";
  message.vtable_->print(out, message.address());
  return out;
}

std::string Message::to_string() const {
  std::ostringstream out;
  out << *this;
  return out.str();
}

namespace detail {
std::string print_unprintable(const std::type_info& type) {
  // Appended piece by piece: g++ 12 reports a false -Wrestrict on the chained operator+ at -O2.
  std::string text = "<";
  text.append(demangle(type.name())).append(" object>");
  return text;
}
}  // namespace detail

}  // namespace pykka
