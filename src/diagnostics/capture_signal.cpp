#include "diagnostics/capture_signal.hpp"

#include <atomic>
#include <cerrno>
#include <ctime>
#include <mutex>
#include <thread>

#include <execinfo.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace pykka::detail {
namespace {

// Never destroyed: a late signal handler may still post after a dump gave up waiting. Plain
// storage initialised before the handler is installed, since a handler cannot run a static
// initialiser (that may allocate or lock).
sem_t g_done;

sem_t& done_semaphore() noexcept { return g_done; }

void on_capture_signal(int /*signal*/, siginfo_t* /*info*/, void* /*context*/) {
  const int saved_errno = errno;
  if (ThreadState* state = this_thread_state_if_registered()) {
    // Exchanging the request away makes this handler its only writer, even if the dumper
    // gives up on it concurrently.
    if (CapturedStack* capture = state->capture.exchange(nullptr, std::memory_order_acq_rel)) {
      complete_capture(*capture, ::backtrace(capture->frames, CapturedStack::kMaxFrames));
    }
  }
  errno = saved_errno;
}

std::atomic<const void*> g_trampoline{nullptr};

// Installs the handler once; false if another handler already owns the signal.
bool install_capture_handler() {
  static std::once_flag once;
  static bool installed = false;
  std::call_once(once, [] {
    // The first backtrace() loads libgcc's unwinder, which allocates: do it here, never in the
    // handler.
    void* warm_up[4];
    (void)::backtrace(warm_up, 4);
    if (sem_init(&g_done, 0, 0) != 0) return;
    struct sigaction current {};
    if (sigaction(capture_signal_number(), nullptr, &current) != 0) return;
    const bool has_handler = (current.sa_flags & SA_SIGINFO) != 0
                                 ? current.sa_sigaction != nullptr
                                 : (current.sa_handler != SIG_DFL && current.sa_handler != SIG_IGN);
    if (has_handler) return;
    struct sigaction action {};
    action.sa_sigaction = &on_capture_signal;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    installed = sigaction(capture_signal_number(), &action, nullptr) == 0;
    // glibc installs its own restorer, to which the kernel makes the handler return; reading
    // the action back tells its address (zero where a sanitizer hides it).
    struct sigaction readback {};
    if (installed && sigaction(capture_signal_number(), nullptr, &readback) == 0 &&
        readback.sa_restorer != nullptr) {
      g_trampoline.store(reinterpret_cast<const void*>(readback.sa_restorer),
                         std::memory_order_relaxed);
    }
  });
  return installed;
}

bool send_capture_signal(pid_t tid) {
  return ::syscall(SYS_tgkill, ::getpid(), tid, capture_signal_number()) == 0;
}

timespec realtime_deadline(std::chrono::milliseconds limit) {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  const auto total = std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec) +
                     std::chrono::duration_cast<std::chrono::nanoseconds>(limit);
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(total);
  return timespec{static_cast<time_t>(seconds.count()),
                  static_cast<long>((total - seconds).count())};
}

std::vector<void*> frames_of(const CapturedStack& capture) {
  const int count = capture.count.load(std::memory_order_acquire);
  return {capture.frames, capture.frames + (count > 0 ? count : 0)};
}

}  // namespace

int capture_signal_number() noexcept { return SIGRTMIN + 4; }

const void* capture_signal_trampoline() noexcept {
  return g_trampoline.load(std::memory_order_relaxed);
}

void complete_capture(CapturedStack& capture, int count) noexcept {
  capture.count.store(count, std::memory_order_release);
  // Nothing touches `capture` after the store above: the dumper may free it at once.
  sem_post(&done_semaphore());
}

std::vector<ThreadSnapshot> capture_known_threads(std::chrono::milliseconds limit) {
  ThreadState* self = this_thread_state();
  const bool can_signal = install_capture_handler();
  std::vector<ThreadSnapshot> snapshots;
  std::vector<std::unique_ptr<CapturedStack>> captures;

  // Signals are sent while registration is locked, so no target can finish exiting and have
  // its thread id reused before tgkill reaches it.
  for_each_known_thread_locked([&](const std::shared_ptr<ThreadState>& state) {
    ThreadSnapshot& snapshot = snapshots.emplace_back(ThreadSnapshot{state, std::nullopt});
    auto& capture = captures.emplace_back();
    if (state.get() == self) {
      snapshot.is_caller = true;
      return;
    }
    if (state->suspended) {
      snapshot.missing_reason = "suspended in a blocking wait, on no thread";
      return;
    }
    if (!can_signal) {
      snapshot.missing_reason = "the capture signal is used by another handler";
      return;
    }
    capture = std::make_unique<CapturedStack>();
    state->capture.store(capture.get(), std::memory_order_seq_cst);
    const bool exiting = state->exited.load(std::memory_order_seq_cst);
    if (exiting || !send_capture_signal(state->tid)) {
      if (state->capture.exchange(nullptr) == nullptr) return;  // the thread completed it
      capture.reset();
      snapshot.missing_reason = "the thread is exiting";
    }
  });

  if (self != nullptr) {
    for (std::size_t i = 0; i < snapshots.size(); ++i) {
      if (!snapshots[i].is_caller) continue;
      void* frames[CapturedStack::kMaxFrames];
      const int count = ::backtrace(frames, CapturedStack::kMaxFrames);
      snapshots[i].frames.emplace(frames, frames + count);
    }
  }

  auto all_done = [&] {
    for (const auto& capture : captures) {
      if (capture && capture->count.load(std::memory_order_acquire) < 0) return false;
    }
    return true;
  };
  const timespec deadline = realtime_deadline(limit);
  while (!all_done()) {
    if (sem_timedwait(&done_semaphore(), &deadline) != 0 && errno == ETIMEDOUT) break;
  }

  for (std::size_t i = 0; i < snapshots.size(); ++i) {
    auto& capture = captures[i];
    if (!capture) continue;
    if (capture->count.load(std::memory_order_acquire) >= 0) {
      snapshots[i].frames = frames_of(*capture);
      continue;
    }
    snapshots[i].missing_reason = "the thread did not answer the capture signal in time";
    if (snapshots[i].state->capture.exchange(nullptr) != nullptr) continue;  // never started
    // The handler claimed the capture and is writing it right now: it finishes quickly, but
    // if it somehow does not, leak the buffer rather than free memory it may still write.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (capture->count.load(std::memory_order_acquire) < 0 &&
           std::chrono::steady_clock::now() < give_up) {
      std::this_thread::yield();
    }
    if (capture->count.load(std::memory_order_acquire) >= 0) {
      snapshots[i].frames = frames_of(*capture);
      snapshots[i].missing_reason = nullptr;
    } else {
      (void)capture.release();
    }
  }
  return snapshots;
}

}  // namespace pykka::detail
