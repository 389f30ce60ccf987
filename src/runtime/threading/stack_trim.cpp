#include "runtime/threading/stack_trim.hpp"

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

#if PYKKA_STACK_TRIM
namespace {

// Lowest usable address of this thread's stack (above the guard page); 0: not enabled.
thread_local std::uintptr_t t_stack_low = 0;

}  // namespace
#endif

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

#if PYKKA_STACK_TRIM
namespace {

std::uintptr_t page_size() noexcept {
  static const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  return page;
}

// The first page boundary below the stack pointer `sp`, keeping the 128-byte red zone below it,
// which a leaf function may use.
std::uintptr_t trim_end(std::uintptr_t sp) noexcept { return (sp - 128) & ~(page_size() - 1); }

// Stacks grow down from the top, so if the page right below `end` is not resident, no handler
// went deeper than `end` since the last trim and there is nothing to release.
bool deeper_page_resident(std::uintptr_t end) noexcept {
  if (end <= t_stack_low) return false;
  unsigned char resident = 0;
  return ::mincore(reinterpret_cast<void*>(end - page_size()), page_size(), &resident) != 0 ||
         (resident & 1U) != 0;
}

std::uintptr_t stack_pointer() noexcept {
  std::uintptr_t sp = 0;
  asm volatile("mov %%rsp, %0" : "=r"(sp));
  return sp;
}

}  // namespace
#endif

bool stack_trim_worthwhile() noexcept {
#if PYKKA_STACK_TRIM
  return t_stack_low != 0 && deeper_page_resident(trim_end(stack_pointer()));
#else
  return false;
#endif
}

void trim_stack() noexcept {
#if PYKKA_STACK_TRIM
  const std::uintptr_t end = trim_end(stack_pointer());
  if (t_stack_low == 0 || end <= t_stack_low) return;
  // The system call is issued inline: a call to a libc wrapper would push its return address
  // onto a page being released.
  long result = SYS_madvise;
  asm volatile("syscall"
               : "+a"(result)
               : "D"(t_stack_low), "S"(end - t_stack_low), "d"(MADV_DONTNEED)
               : "rcx", "r11", "memory");
  (void)result;
#endif
}

}  // namespace pykka::detail
