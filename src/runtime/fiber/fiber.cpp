#include "runtime/fiber/fiber.hpp"

#include <new>

#include <sys/mman.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define PYKKA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PYKKA_ASAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define PYKKA_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define PYKKA_TSAN 1
#endif
#endif

#if PYKKA_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif
#if PYKKA_TSAN
#include <sanitizer/tsan_interface.h>
#endif

namespace pykka::detail::fiber {
namespace {

namespace ctx = boost::context::detail;

std::size_t page_size() noexcept {
  static const auto size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return size;
}

}  // namespace

Fiber::Fiber() noexcept {
#if PYKKA_TSAN
  tsan_fiber_ = __tsan_get_current_fiber();
#endif
}

Fiber::Fiber(std::size_t stack_size, FiberEntry entry) {
  const std::size_t page = page_size();
  usable_ = (stack_size + page - 1) / page * page;
  mapped_ = usable_ + page;
  void* mapping = ::mmap(nullptr, mapped_, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (mapping == MAP_FAILED) throw std::bad_alloc();
  if (::mprotect(mapping, page, PROT_NONE) != 0) {
    ::munmap(mapping, mapped_);
    throw std::bad_alloc();
  }
  mapping_ = mapping;
  stack_bottom_ = static_cast<char*>(mapping) + page;
  stack_bytes_ = usable_;
  context_ = ctx::make_fcontext(static_cast<char*>(mapping) + mapped_, usable_, entry);
#if PYKKA_TSAN
  tsan_fiber_ = __tsan_create_fiber(0);
  owns_tsan_fiber_ = true;
#endif
}

Fiber::~Fiber() {
#if PYKKA_TSAN
  if (owns_tsan_fiber_) __tsan_destroy_fiber(tsan_fiber_);
#endif
  if (mapping_ == nullptr) return;
#if PYKKA_ASAN
  // Frames that never returned (a pooled fiber is parked mid-function) leave poisoned shadow
  // behind; clear it so the next mapping at this address starts clean.
  __asan_unpoison_memory_region(stack_bottom_, stack_bytes_);
#endif
  ::munmap(mapping_, mapped_);
}

SwitchNote* Fiber::switch_to(Fiber& to, SwitchNote& note) noexcept {
  note.from = this;
#if PYKKA_TSAN
  __tsan_switch_to_fiber(to.tsan_fiber_, 0);
#endif
#if PYKKA_ASAN
  // A fiber that exits for good passes no fake-stack slot: its fake frames are freed.
  __sanitizer_start_switch_fiber(note.action == SwitchNote::Action::exit ? nullptr : &fake_stack_,
                                 to.stack_bottom_, to.stack_bytes_);
#endif
  const ctx::transfer_t transfer = ctx::jump_fcontext(to.context_, &note);
  return arrived(transfer);
}

SwitchNote* Fiber::started(ctx::transfer_t transfer) noexcept {
  fake_stack_ = nullptr;
  return arrived(transfer);
}

SwitchNote* Fiber::arrived(ctx::transfer_t transfer) noexcept {
  auto* note = static_cast<SwitchNote*>(transfer.data);
#if PYKKA_ASAN
  const void* from_bottom = nullptr;
  std::size_t from_bytes = 0;
  __sanitizer_finish_switch_fiber(fake_stack_, &from_bottom, &from_bytes);
  // A thread's own stack is learnt from the first switch away from it.
  if (note->from->mapping_ == nullptr) {
    note->from->stack_bottom_ = from_bottom;
    note->from->stack_bytes_ = from_bytes;
  }
#endif
  note->from->context_ = transfer.fctx;
  return note;
}

}  // namespace pykka::detail::fiber
