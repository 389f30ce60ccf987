#pragma once

// The debug dump's text, for library code that reports it in a record of its own. Private.

#include <string>
#include <vector>

namespace pykka::detail {

/// Returns, for each thread running an actor, the debug dump's description of it ("Current
/// state of {thread} ...", with its stack). Blocks up to about two seconds while threads answer.
/// Any thread, outside signal context; throws std::bad_alloc.
std::vector<std::string> describe_actor_threads();

}  // namespace pykka::detail
