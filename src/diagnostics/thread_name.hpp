#pragma once

// Names of the threads pykka runs on ("Greeter-1") and of the others ("MainThread", "Thread-7").

#include <string>

namespace pykka::detail {

/// Returns the current thread's pykka name.
std::string current_thread_name();

/// Sets the current thread's pykka name (and the OS name, truncated to 15 characters).
void set_current_thread_name(const std::string& name);

}  // namespace pykka::detail
