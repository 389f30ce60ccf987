#include "diagnostics/thread_name.hpp"

#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "diagnostics/thread_state.hpp"

namespace pykka::detail {
namespace {
thread_local std::string t_name;
}

std::string current_thread_name() {
  if (!t_name.empty()) return t_name;
  const auto tid = static_cast<long>(::syscall(SYS_gettid));
  return tid == static_cast<long>(::getpid()) ? "MainThread" : "Thread-" + std::to_string(tid);
}

void set_current_thread_name(const std::string& name) {
  set_current_thread_pykka_name(name);
  set_os_thread_name(pthread_self(), name);
}

void set_current_thread_pykka_name(const std::string& name) {
  t_name = name;
  // A thread already known to dumps (a pooled actor thread taking its next actor) is listed
  // under its new name from now on.
  if (ThreadState* state = this_thread_state_if_registered()) {
    try {
      state->rename(name);
    } catch (...) {  // out of memory: the dump keeps the old name
    }
  }
}

void set_os_thread_name(pthread_t thread, const std::string& name) noexcept {
  // The kernel keeps at most 15 characters; the full name stays available to pykka's logs.
  char kept[16] = {};
  name.copy(kept, sizeof kept - 1);
  (void)pthread_setname_np(thread, kept);
}

}  // namespace pykka::detail
