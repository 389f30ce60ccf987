#pragma once

// The process plumbing and reporting shared by the remote benchmarks of every system.
//
// Topology, the same for each system: the benchmark binary is the client; it starts a second
// copy of itself with `--serve ...` as the server process, which hosts the remote actors, prints
// one line "READY <details>" on stdout when they can be reached, and exits when its stdin reaches
// EOF (the client closes it, or dies). Both processes talk over loopback: through a nats-server
// for pykka, directly over CAF's own TCP protocol for CAF.
//
//   bench_remote_<system> <tell|ask_pipelined|ask_latency> [count] [nats-url]
//
// Each run prints one RESULT line (see bench/common/harness.hpp) on stdout and anything else on
// stderr. Every wait is bounded: the server's start by ServerProcess, the whole run by Watchdog.
// C++17, since the CAF peer is built as C++17.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

namespace bench::remote {

/// Asks that the pipelined scenario keeps in flight.
inline constexpr int kWindow = 100;
/// Sequential asks every scenario makes, untimed, before it measures.
inline constexpr int kWarmup = 200;
/// Bound of one ask, in both systems.
inline constexpr std::chrono::seconds kAskTimeout{30};

/// Returns CLOCK_MONOTONIC in nanoseconds: one clock for every process on the machine, so a time
/// taken in the server process compares with one taken in the client.
inline long monotonic_ns() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec * 1'000'000'000L + now.tv_nsec;
}

/// What the client was asked to run.
struct Options {
  std::string scenario;  ///< tell, ask_pipelined or ask_latency
  long count = 0;        ///< messages or asks measured
  std::string url;       ///< the NATS server (pykka only); empty: the binary starts one itself
};

/// Returns the default count of a scenario, or 0 for an unknown scenario.
inline long default_count(const std::string& scenario) {
  if (scenario == "tell") return 1'000'000;
  if (scenario == "ask_pipelined") return 200'000;
  if (scenario == "ask_latency") return 10'000;
  return 0;
}

/// Parses the client's command line; exits with a usage message if malformed.
inline Options parse_options(int argc, char** argv) {
  Options options;
  if (argc >= 2) options.scenario = argv[1];
  options.count = default_count(options.scenario);
  if (options.count == 0) {
    std::fprintf(stderr, "usage: %s <tell|ask_pipelined|ask_latency> [count > 0] [nats-url]\n",
                 argv[0]);
    std::exit(2);
  }
  if (argc >= 3) {
    char* end = nullptr;
    options.count = std::strtol(argv[2], &end, 10);
    if (end == argv[2] || *end != '\0' || options.count <= 0) {
      std::fprintf(stderr, "%s: bad count '%s'\n", argv[0], argv[2]);
      std::exit(2);
    }
  }
  if (argc >= 4) options.url = argv[3];
  return options;
}

/// Ends the process with an error if it is still running `limit` after construction, so that a
/// peer that never answers fails the run instead of hanging it. Disarmed by destruction.
class Watchdog {
 public:
  explicit Watchdog(std::chrono::seconds limit)
      : thread_([this, limit] {
          std::unique_lock lock(mutex_);
          if (!cv_.wait_for(lock, limit, [this] { return disarmed_; })) {
            std::fprintf(stderr, "remote benchmark: no result within %lld s, giving up\n",
                         static_cast<long long>(limit.count()));
            // The server process sees its stdin close and exits too.
            std::_Exit(3);
          }
        }) {}
  ~Watchdog() {
    {
      std::lock_guard lock(mutex_);
      disarmed_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool disarmed_ = false;  // guarded by mutex_
  std::thread thread_;
};

/// The server process: this binary again, run as `<self> --serve <args...>`.
class ServerProcess {
 public:
  /// Starts the server and returns once it printed its READY line; throws std::runtime_error if
  /// it cannot be started, exits, or prints nothing within `limit`.
  ServerProcess(const std::vector<std::string>& args, std::chrono::milliseconds limit) {
    int to_child[2];
    int from_child[2];
    if (pipe2(to_child, O_CLOEXEC) != 0) throw std::runtime_error("cannot make a pipe");
    if (pipe2(from_child, O_CLOEXEC) != 0) {
      close(to_child[0]);
      close(to_child[1]);
      throw std::runtime_error("cannot make a pipe");
    }
    std::vector<std::string> words{"/proc/self/exe", "--serve"};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_child[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, from_child[1], STDOUT_FILENO);
    const int rc = posix_spawn(&pid_, "/proc/self/exe", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(to_child[0]);
    close(from_child[1]);
    stdin_ = to_child[1];
    stdout_ = from_child[0];
    if (rc != 0) {
      pid_ = -1;
      finish();
      throw std::runtime_error("cannot start the server process");
    }
    if (!read_ready(limit)) {
      finish();
      throw std::runtime_error("the server process did not come up within " +
                               std::to_string(limit.count()) + " ms (output: '" + output_ + "')");
    }
  }
  /// Closes the server's stdin, its cue to exit, and reaps it (killed if it takes over 10 s).
  ~ServerProcess() { finish(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  /// Returns what followed "READY " on the server's first line.
  [[nodiscard]] const std::string& details() const noexcept { return details_; }

 private:
  bool read_ready(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    char buffer[256];
    for (;;) {
      const std::size_t newline = output_.find('\n');
      if (newline != std::string::npos) {
        const std::string line = output_.substr(0, newline);
        if (line.rfind("READY", 0) != 0) return false;
        details_ = line.size() > 6 ? line.substr(6) : std::string();
        return true;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd fd{stdout_, POLLIN, 0};
      if (poll(&fd, 1, static_cast<int>(left.count())) <= 0) return false;
      const ssize_t n = read(stdout_, buffer, sizeof buffer);
      if (n <= 0) return false;  // the server exited
      output_.append(buffer, static_cast<std::size_t>(n));
    }
  }

  void finish() noexcept {
    if (stdin_ >= 0) close(stdin_);
    if (stdout_ >= 0) close(stdout_);
    stdin_ = stdout_ = -1;
    if (pid_ <= 0) return;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() >= deadline) {
        std::fprintf(stderr, "remote benchmark: the server process did not exit; killing it\n");
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      // Waiting for another process to exit: there is nothing to block on but its pid.
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    pid_ = -1;
  }

  pid_t pid_ = -1;
  int stdin_ = -1;
  int stdout_ = -1;
  std::string output_;
  std::string details_;
};

/// Server side: says the actors can be reached, then blocks until stdin reaches EOF.
inline void serve_until_stdin_closes(const std::string& details) {
  std::printf("READY %s\n", details.c_str());
  std::fflush(stdout);
  char buffer[64];
  while (read(STDIN_FILENO, buffer, sizeof buffer) > 0) {
  }
}

/// Returns the q-quantile (0 ≤ q ≤ 1) of `samples`, sorting them.
inline double quantile(std::vector<double>& samples, double q) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const auto index = static_cast<std::size_t>(q * static_cast<double>(samples.size() - 1) + 0.5);
  return samples[std::min(index, samples.size() - 1)];
}

/// Prints the tell scenario's result: the delivered rate (`seconds` from the first tell sent to
/// the last one handled), and how many tells were lost.
inline void report_tell(const char* system, long sent, long delivered, double seconds) {
  std::printf(
      "RESULT scenario=remote_tell system=%s value=%.6g unit=msg/s count=%ld seconds=%.4f "
      "delivered=%ld lost=%ld\n",
      system, static_cast<double>(delivered) / seconds, sent, seconds, delivered, sent - delivered);
  std::fflush(stdout);
}

/// Prints the pipelined scenario's result: asks answered per second.
inline void report_pipelined(const char* system, long count, double seconds) {
  std::printf(
      "RESULT scenario=remote_ask_pipelined system=%s value=%.6g unit=asks/s count=%ld "
      "seconds=%.4f in_flight=%d\n",
      system, static_cast<double>(count) / seconds, count, seconds, kWindow);
  std::fflush(stdout);
}

/// Prints the latency scenario's result: the median round trip, and the 99th percentile.
inline void report_latency(const char* system, std::vector<double> samples_us, double seconds) {
  const long count = static_cast<long>(samples_us.size());
  const double median = quantile(samples_us, 0.5);
  const double p99 = quantile(samples_us, 0.99);
  std::printf(
      "RESULT scenario=remote_ask_latency system=%s value=%.4g unit=us count=%ld seconds=%.4f "
      "p99=%.4g\n",
      system, median, count, seconds, p99);
  std::fflush(stdout);
}

}  // namespace bench::remote
