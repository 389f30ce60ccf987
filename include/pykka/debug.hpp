#pragma once

// Debugging aids (Pykka's pykka.debug): a dump of what every thread known to pykka is doing, to
// find out why a program hangs.
//
// Threads known to pykka are the actor threads, every thread that is (or was) blocked on a
// future, and the threads that called a function of this header. For each one the dump logs one
// CRITICAL record "Current state of {thread} (ident: {id}):" followed by the actor that runs on
// it, the message it is processing, the actor whose reply it is blocked on (and the deadlock
// cycle, if any), and its native stack with function names and, where debug information
// exists, file:line.
//
// Capturing another thread's stack needs that thread's cooperation: pykka sends it a real-time
// signal (SIGRTMIN + 4) whose handler records raw frames into memory prepared by the dumper, and
// symbolises them afterwards, outside signal context. A thread that does not answer within two
// seconds is reported without a stack. The signal is installed on the first dump only if no
// other handler owns it; interrupted system calls are restarted (SA_RESTART), but calls that
// never restart (nanosleep, poll, ...) may return EINTR once on that thread.
//
// Thread-safety: every function may be called from any thread; dumps are serialised. Nothing
// here may be called from a signal handler — use install_traceback_signal_handler for that.

#include <csignal>

namespace pykka::debug {

/// Logs the state and native stack of every thread known to pykka, one CRITICAL record per
/// thread. Does nothing (not even capturing) unless a log sink is set and CRITICAL passes the
/// level threshold. Blocks for up to about two seconds while threads answer. Never throws.
/// @code
///   pykka::set_log_sink(pykka::stderr_log_sink());
///   pykka::debug::log_thread_tracebacks();
///   // CRITICAL:pykka:Current state of Worker-1 (ident: 140...):
///   //   Actor: Worker (urn:uuid:…)
///   //   Processing: app::Crunch
///   //   Blocked on: the reply of Store (urn:uuid:…), for 12.5 s
///   //   Stack: ...
/// @endcode
void log_thread_tracebacks() noexcept;

/// Makes `signal_number` (default SIGUSR1) log the thread tracebacks, as Pykka users do with
/// `signal.signal(signal.SIGUSR1, pykka.debug.log_thread_tracebacks)`. Works whichever thread
/// receives the signal and whatever the main thread is doing (blocked on a future included):
/// the signal handler only wakes a dedicated "pykka-debug" thread, which logs the dump. The
/// calling thread becomes known to pykka, so it appears in dumps. Replaces any previous handler
/// of that signal; calling it again for the same signal does nothing. Thread-safe.
/// Throws pykka::InvalidArgument for a signal that cannot be caught or that pykka uses itself,
/// std::system_error if the handler or its thread cannot be set up.
/// @code
///   int main() {
///     pykka::set_log_sink(pykka::stderr_log_sink());
///     pykka::debug::install_traceback_signal_handler();  // then: kill -SIGUSR1 <pid>
///   }
/// @endcode
void install_traceback_signal_handler(int signal_number = SIGUSR1);

}  // namespace pykka::debug
