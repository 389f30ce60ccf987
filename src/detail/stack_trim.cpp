#include "detail/stack_trim.hpp"

#include <cstddef>
#include <cstdint>

#include <pthread.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PYKKA_STACK_TRIM 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define PYKKA_STACK_TRIM 0
#endif
#endif
#if !defined(PYKKA_STACK_TRIM)
#if defined(__x86_64__) && defined(__linux__)
#define PYKKA_STACK_TRIM 1
#else
#define PYKKA_STACK_TRIM 0
#endif
#endif

namespace pykka::detail {
namespace {

// Lowest usable address of this thread's stack (above the guard page); null: not enabled.
thread_local std::uintptr_t t_stack_low = 0;

}  // namespace

void enable_stack_trimming() noexcept {
#if PYKKA_STACK_TRIM
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
  void* low = nullptr;
  std::size_t size = 0;
  if (pthread_attr_getstack(&attr, &low, &size) == 0) {
    t_stack_low = reinterpret_cast<std::uintptr_t>(low);
  }
  pthread_attr_destroy(&attr);
#endif
}

bool stack_trimming_enabled() noexcept { return t_stack_low != 0; }

void trim_stack() noexcept {
#if PYKKA_STACK_TRIM
  if (t_stack_low == 0) return;
  static const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  std::uintptr_t sp = 0;
  asm volatile("mov %%rsp, %0" : "=r"(sp));
  // Keep the 128-byte red zone below the stack pointer, which a leaf function may use. The
  // system call is issued inline: a call to a libc wrapper would push its return address onto
  // a page being released.
  const std::uintptr_t end = (sp - 128) & ~(page - 1);
  if (end <= t_stack_low) return;
  long result = SYS_madvise;
  asm volatile("syscall"
               : "+a"(result)
               : "D"(t_stack_low), "S"(end - t_stack_low), "d"(MADV_DONTNEED)
               : "rcx", "r11", "memory");
  (void)result;
#endif
}

}  // namespace pykka::detail
