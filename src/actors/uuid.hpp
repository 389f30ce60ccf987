#pragma once

// Random version-4 UUIDs for actor URNs. Not API.

#include <string>

namespace pykka::detail {

/// Returns "urn:uuid:" followed by a new random RFC 4122 version-4 UUID.
std::string make_urn();

}  // namespace pykka::detail
