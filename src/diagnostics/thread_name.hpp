#pragma once

// Names of the threads pykka runs on ("Greeter-1") and of the others ("MainThread", "Thread-7").

#include <string>

#include <pthread.h>

namespace pykka::detail {

/// Returns the current thread's pykka name.
std::string current_thread_name();

/// Sets the current thread's pykka name (and the OS name, truncated to 15 characters).
void set_current_thread_name(const std::string& name);

/// Sets only the current thread's pykka name, for a thread whose OS name is set elsewhere.
void set_current_thread_pykka_name(const std::string& name);

/// Sets the OS name (truncated to 15 characters) of `thread`, which must stay alive meanwhile.
/// Another thread's name costs a write to /proc; the calling thread's, one prctl.
void set_os_thread_name(pthread_t thread, const std::string& name) noexcept;

}  // namespace pykka::detail
