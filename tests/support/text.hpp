#pragma once

// Text functions for assertions on log records and dumps.

#include <sstream>
#include <string>

#include <pykka/actor_ref.hpp>

namespace pykka::testing {

/// Returns how pykka prints the actor: "Class (urn:uuid:…)".
template <class A>
std::string display(const ActorRef<A>& ref) {
  std::ostringstream out;
  out << ref;
  return out.str();
}

/// Returns true if `part` occurs in `text`.
inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace pykka::testing
