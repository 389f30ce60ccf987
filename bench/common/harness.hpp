#pragma once

// The benchmark harness shared by every scenario and every system: reads the workload size from
// the command line, times the measured region and prints one machine-readable result line:
//
//   RESULT scenario=tell system=pykka value=1.2e+07 unit=msg/s count=10000000 seconds=0.83
//
// bench/run.sh collects these lines, so a scenario prints exactly one of them (on stdout) and
// anything else it wants to say on stderr.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include <sys/resource.h>

namespace bench {

#ifndef PYKKA_BENCH_SYSTEM
#define PYKKA_BENCH_SYSTEM "pykka"
#endif
/// The system name our scenario code reports: "pykka", or "naive" when built against the naive
/// port (see bench/CMakeLists.txt).
inline constexpr const char* kOurSystem = PYKKA_BENCH_SYSTEM;

/// Returns argv[1] as a count, or `fallback` when absent; exits with a message if malformed.
inline long count_arg(int argc, char** argv, long fallback) {
  if (argc < 2) return fallback;
  char* end = nullptr;
  const long value = std::strtol(argv[1], &end, 10);
  if (end == argv[1] || *end != '\0' || value <= 0) {
    std::fprintf(stderr, "usage: %s [count > 0], got '%s'\n", argv[0], argv[1]);
    std::exit(2);
  }
  return value;
}

/// Measures wall-clock time from construction.
class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  /// Returns the seconds elapsed since construction.
  [[nodiscard]] double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

/// Prints the result line for a rate: `count` operations in `seconds`.
inline void report_rate(const char* scenario, const char* system, const char* unit, long count,
                        double seconds) {
  std::printf("RESULT scenario=%s system=%s value=%.6g unit=%s count=%ld seconds=%.4f\n", scenario,
              system, static_cast<double>(count) / seconds, unit, count, seconds);
  std::fflush(stdout);
}

/// Prints the result line for a plain measured value (e.g. KiB per actor).
inline void report_value(const char* scenario, const char* system, const char* unit, long count,
                         double value) {
  std::printf("RESULT scenario=%s system=%s value=%.6g unit=%s count=%ld seconds=0\n", scenario,
              system, value, unit, count);
  std::fflush(stdout);
}

/// Returns the process's resident set size in KiB (VmRSS), or -1 if unreadable.
/// Waits one second, so that every actor started so far is idle for real before memory is read.
inline void settle() { std::this_thread::sleep_for(std::chrono::seconds(1)); }

inline long rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      long kib = -1;
      status >> kib;
      return kib;
    }
    status.ignore(4096, '\n');
  }
  return -1;
}

/// Returns the CPU time (user + system) this process consumed so far, in seconds.
inline double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto to_seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
  };
  return to_seconds(usage.ru_utime) + to_seconds(usage.ru_stime);
}

/// A cheap deterministic pseudo-random generator (xorshift), identical for every system.
class Random {
 public:
  explicit Random(unsigned long seed) : state_(seed * 2654435761UL + 1) {}
  /// Returns a number in [0, bound).
  unsigned long next(unsigned long bound) {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return state_ % bound;
  }

 private:
  unsigned long state_;
};

/// The small unit of work a Savina fork-join actor performs per message (as in Savina, a few
/// floating-point operations), kept out of the optimiser's reach.
inline double busy_work(double theta) {
  double sint = 0;
  for (int i = 0; i < 8; ++i) sint += (theta + i) * 0.5 / (1.0 + theta * i);
  return sint;
}

}  // namespace bench
