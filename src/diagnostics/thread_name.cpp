#include "diagnostics/thread_name.hpp"

#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

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
  t_name = name;
  // The kernel keeps at most 15 characters; the full name stays available to pykka's logs.
  (void)pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

}  // namespace pykka::detail
