#include "pykka/debug.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <vector>

#include <execinfo.h>
#include <fcntl.h>
#include <unistd.h>

#if defined(PYKKA_HAVE_BOOST_STACKTRACE)
#include <boost/stacktrace/frame.hpp>
#endif

#include "diagnostics/capture_signal.hpp"
#include "diagnostics/dump.hpp"
#include "diagnostics/log.hpp"
#include "diagnostics/thread_name.hpp"
#include "diagnostics/thread_state.hpp"
#include "diagnostics/wait_graph.hpp"
#include "pykka/actor_ref.hpp"
#include "pykka/detail/type_name.hpp"
#include "pykka/errors.hpp"
#include "pykka/registry.hpp"
#include "system/system_core.hpp"

namespace pykka::debug {
namespace {

using detail::ActorCell;
using detail::ThreadSnapshot;
using detail::ThreadState;

constexpr std::chrono::milliseconds kCaptureLimit{2000};

// Returns one line per frame: "name at file:line", "name in library" or a raw address.
std::vector<std::string> symbolise(const std::vector<void*>& frames) {
  std::vector<std::string> lines;
  lines.reserve(frames.size());
#if defined(PYKKA_HAVE_BOOST_STACKTRACE)
  for (void* address : frames) {
    const boost::stacktrace::frame frame(address);
    std::string line = boost::stacktrace::to_string(frame);
    if (line.empty()) line = "??";
    lines.push_back(std::move(line));
  }
#else
  // glibc's own symbols: exported function names only, no file:line.
  std::unique_ptr<char*, void (*)(void*)> symbols(
      ::backtrace_symbols(frames.data(), static_cast<int>(frames.size())), std::free);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    lines.emplace_back(symbols ? symbols.get()[i] : "??");
  }
#endif
  return lines;
}

bool contains(const std::string& text, const char* part) {
  return text.find(part) != std::string::npos;
}

bool is_sanitizer_frame(const std::string& line) {
  return contains(line, "__tsan") || contains(line, "__asan") || contains(line, "__sanitizer") ||
         contains(line, "__interceptor") || contains(line, "libsanitizer") ||
         contains(line, "libtsan") || contains(line, "libasan");
}

// Drops the frames that belong to capturing rather than to the thread's own work: the signal
// handler and the kernel's trampoline (or, under a sanitizer, its signal delivery), or for the
// dumping thread the dump machinery below log_thread_tracebacks.
std::size_t first_own_frame(const std::vector<void*>& frames, const std::vector<std::string>& lines,
                            bool is_caller) {
  const std::size_t scan = std::min<std::size_t>(lines.size(), 16);
  if (is_caller) {
    for (std::size_t i = 0; i < scan; ++i) {
      if (contains(lines[i], "log_thread_tracebacks")) return i;
    }
    return 0;
  }
  if (const void* trampoline = detail::capture_signal_trampoline()) {
    for (std::size_t i = 0; i < scan; ++i) {
      if (frames[i] == trampoline) return i + 1;
    }
  }
  // No known trampoline (a sanitizer keeps the real one to itself, and may add frames of its
  // own before the handler): skip up to the handler, the sanitizer frames that called it, and
  // the unnamed trampoline in libc.
  std::size_t first = std::min<std::size_t>(1, lines.size());
  for (std::size_t i = 0; i < scan; ++i) {
    if (contains(lines[i], "on_capture_signal")) first = i + 1;
  }
  while (first < lines.size() && is_sanitizer_frame(lines[first])) ++first;
  if (first < lines.size() && lines[first].rfind("0x", 0) == 0 &&
      contains(lines[first], "libc.so")) {
    ++first;
  }
  return first;
}

std::string ident_text(std::uintptr_t ident) {
  return std::to_string(static_cast<unsigned long long>(ident));
}

std::string seconds_since(std::int64_t steady_ns) {
  const auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::steady_clock::now().time_since_epoch())
                       .count();
  char text[32];
  std::snprintf(text, sizeof text, "%.3f s", static_cast<double>(now - steady_ns) / 1e9);
  return text;
}

struct ActorIndex {
  std::vector<AnyActorRef> refs;  // keeps every listed cell alive during the dump
  std::unordered_map<const ActorCell*, const ActorCell*> live;

  explicit ActorIndex(std::vector<AnyActorRef> all) : refs(std::move(all)) {
    for (const auto& ref : refs) live.emplace(ref.cell().get(), ref.cell().get());
  }
  // Identity lookup: a pointer read from a thread state is dereferenced only if it names a
  // cell this index holds alive.
  [[nodiscard]] const ActorCell* find(const ActorCell* cell) const {
    auto found = live.find(cell);
    return found == live.end() ? nullptr : found->second;
  }
};

std::string describe_processing(const ThreadState& state) {
  if (const char* hook = state.hook.load(std::memory_order_relaxed)) {
    return std::string("Running: ") + hook;
  }
  if (const std::type_info* type = state.processing.load(std::memory_order_relaxed)) {
    if (*type == typeid(detail::StopRequest)) return "Processing: a stop request (on_stop)";
    if (*type == typeid(void)) return "Processing: None (an empty message)";
    return "Processing: " + detail::demangle(type->name());
  }
  return "Processing: nothing (waiting for a message)";
}

struct ThreadReport {
  std::string message;
  std::string actor;
};

ThreadReport describe(const ThreadSnapshot& snapshot, const ActorIndex& actors) {
  const ThreadState& state = *snapshot.state;
  ThreadReport report;
  std::string& text = report.message;
  text = "Current state of " + state.name() + " (ident: " + ident_text(state.ident) + "):";

  const ActorCell* raw_actor = state.actor.load(std::memory_order_relaxed);
  const ActorCell* actor = actors.find(raw_actor);
  if (actor != nullptr) {
    report.actor = actor->display();
    text += "\n  Actor: " + actor->display();
    text += "\n  " + describe_processing(state);
  } else if (raw_actor != nullptr) {
    text += "\n  Actor: an actor that is no longer registered";
    text += "\n  " + describe_processing(state);
  }

  if (state.blocked.load(std::memory_order_relaxed)) {
    const ActorCell* raw_target = state.blocked_on.load(std::memory_order_relaxed);
    const ActorCell* target = actors.find(raw_target);
    const std::string since = seconds_since(state.blocked_since.load(std::memory_order_relaxed));
    if (target != nullptr) {
      text += "\n  Blocked on: the reply of " + target->display() + ", for " + since;
    } else if (raw_target != nullptr) {
      text += "\n  Blocked on: the reply of an actor that is no longer registered, for " + since;
    } else {
      text += "\n  Blocked on: a future that no actor is known to set, for " + since;
    }
    if (actor != nullptr && target != nullptr) {
      if (auto cycle = detail::find_wait_cycle(actor)) text += "\n  Deadlock: " + *cycle;
    }
  }

  if (!snapshot.frames) {
    text += "\n  Stack: not captured (";
    text += snapshot.missing_reason != nullptr ? snapshot.missing_reason : "unknown reason";
    text += ")";
    return report;
  }
  const std::vector<std::string> lines = symbolise(*snapshot.frames);
  text += "\n  Stack:";
  const std::size_t first = first_own_frame(*snapshot.frames, lines, snapshot.is_caller);
  for (std::size_t i = first; i < lines.size(); ++i) {
    text += "\n    #" + std::to_string(i - first) + " " + lines[i];
  }
  return report;
}

std::mutex& dump_mutex() {
  static auto* instance = new std::mutex();
  return *instance;
}

// --- the signal trigger -------------------------------------------------------------------

std::atomic<int> g_trigger_fd{-1};

void on_dump_signal(int /*signal*/) {
  const int saved_errno = errno;
  const char byte = 1;
  // The pipe is non-blocking: when full, a dump is already pending and this one can go.
  (void)!::write(g_trigger_fd.load(std::memory_order_relaxed), &byte, 1);
  errno = saved_errno;
}

void watch_trigger(int read_fd) {
  detail::set_current_thread_name("pykka-debug");
  (void)detail::this_thread_state();
  char bytes[64];
  for (;;) {
    const ssize_t count = ::read(read_fd, bytes, sizeof bytes);
    if (count > 0) {
      log_thread_tracebacks();  // signals arriving meanwhile coalesce into the next read
    } else if (count < 0 && errno == EINTR) {
      continue;
    } else {
      return;
    }
  }
}

void start_trigger_thread() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw std::system_error(errno, std::generic_category(), "pykka: cannot create a pipe");
  }
  (void)::fcntl(fds[1], F_SETFL, O_NONBLOCK);
  try {
    std::thread(watch_trigger, fds[0]).detach();  // lives as long as the process
  } catch (...) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw;
  }
  g_trigger_fd.store(fds[1], std::memory_order_relaxed);
}

std::vector<ThreadReport> describe_known_threads() {
  // Built under the dump lock but logged after it, so a sink that dumps again (or blocks)
  // cannot deadlock pykka.
  std::vector<ThreadReport> reports;
  std::lock_guard lock(dump_mutex());
  const ActorIndex actors(detail::actors_of_every_system());
  for (const ThreadSnapshot& snapshot : detail::capture_known_threads(kCaptureLimit)) {
    reports.push_back(describe(snapshot, actors));
  }
  return reports;
}

}  // namespace

void log_thread_tracebacks() noexcept {
  if (!log_enabled(LogLevel::critical)) return;
  try {
    std::vector<ThreadReport> reports = describe_known_threads();
    for (ThreadReport& report : reports) {
      detail::log_event(
          LogLevel::critical, [&] { return std::move(report.message); }, report.actor);
    }
  } catch (...) {
    // Out of memory while dumping: a debugging aid must never take the program down.
  }
}

void install_traceback_signal_handler(int signal_number) {
  if (signal_number <= 0 || signal_number >= NSIG || signal_number == SIGKILL ||
      signal_number == SIGSTOP || signal_number == detail::capture_signal_number()) {
    throw InvalidArgument("cannot log thread tracebacks on signal " +
                          std::to_string(signal_number));
  }
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  (void)detail::this_thread_state();
  if (g_trigger_fd.load(std::memory_order_relaxed) < 0) start_trigger_thread();
  struct sigaction action {};
  action.sa_handler = &on_dump_signal;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  if (sigaction(signal_number, &action, nullptr) != 0) {
    throw std::system_error(
        errno, std::generic_category(),
        "pykka: cannot install a handler for signal " + std::to_string(signal_number));
  }
}

}  // namespace pykka::debug

namespace pykka::detail {

std::vector<std::string> describe_actor_threads() {
  std::vector<std::string> texts;
  for (debug::ThreadReport& report : debug::describe_known_threads()) {
    if (!report.actor.empty()) texts.push_back(std::move(report.message));
  }
  return texts;
}

}  // namespace pykka::detail
