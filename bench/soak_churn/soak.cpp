// Churn soak: a ring of actors passes tokens around while one actor is replaced every 100 ms;
// once a second it prints a sample of the process's memory and threads:
//
//   <seconds> <VmRSS KiB> <threads> <heap in use KiB> <hops so far> <heap from the OS KiB>
//
//   bench_soak_churn [seconds=600] [actors=1000] [tokens=50]
//
// Each actor forwards a token to the next slot of the ring. A replacement swaps the slot under a
// write lock, then stops the old actor: every token already sent to it is queued before the
// stop request and forwarded, so no token is ever lost and the load stays constant.

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include <malloc.h>

#include <pykka/pykka.hpp>

namespace {

struct Token {};

class Peer;

struct Ring {
  std::shared_mutex mutex;
  std::vector<pykka::ActorRef<Peer>> slots;  // guarded by mutex
};

Ring g_ring;
std::atomic<long> g_hops{0};

class Peer : public pykka::ThreadingActor {
 public:
  explicit Peer(std::size_t slot) : slot_(slot) {}
  pykka::Message on_receive(pykka::Message& /*message*/) override {
    g_hops.fetch_add(1, std::memory_order_relaxed);
    // The payload allocates, as real messages do.
    std::string payload(200, 'x');
    const std::shared_lock lock(g_ring.mutex);
    const std::size_t next = (slot_ + 1) % g_ring.slots.size();
    try {
      g_ring.slots[next].tell(Token{});
    } catch (const pykka::ActorDeadError&) {
      // Only during the final stop_all: the token leaves the ring.
    }
    return {};
  }

 private:
  std::size_t slot_;
};

long status_field(const char* name) {
  std::ifstream status("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(name) + ":";
  while (std::getline(status, line)) {
    if (line.rfind(prefix, 0) == 0) return std::strtol(line.c_str() + prefix.size(), nullptr, 10);
  }
  return -1;
}

long arg(int argc, char** argv, int index, long fallback) {
  return argc > index ? std::strtol(argv[index], nullptr, 10) : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const long seconds = arg(argc, argv, 1, 600);
  const auto actors = static_cast<std::size_t>(arg(argc, argv, 2, 1000));
  const long tokens = arg(argc, argv, 3, 50);
  {
    const std::unique_lock lock(g_ring.mutex);
    for (std::size_t i = 0; i < actors; ++i) g_ring.slots.push_back(pykka::start<Peer>(i));
  }
  {
    const std::shared_lock lock(g_ring.mutex);
    for (long i = 0; i < tokens; ++i) {
      g_ring.slots[static_cast<std::size_t>(i) * actors / static_cast<std::size_t>(tokens)].tell(
          Token{});
    }
  }
  std::mt19937 random(12345);
  std::uniform_int_distribution<std::size_t> pick(0, actors - 1);
  const auto started = std::chrono::steady_clock::now();
  auto next_sample = started;
  auto next_replacement = started;
  for (;;) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_sample) {
      const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(now - started).count();
      const struct mallinfo2 heap = mallinfo2();
      std::printf("%ld %ld %ld %zu %ld %zu\n", static_cast<long>(elapsed), status_field("VmRSS"),
                  status_field("Threads"), heap.uordblks / 1024,
                  g_hops.load(std::memory_order_relaxed), (heap.arena + heap.hblkhd) / 1024);
      std::fflush(stdout);
      if (elapsed >= seconds) break;
      next_sample += std::chrono::seconds(1);
    }
    if (now >= next_replacement) {
      const std::size_t slot = pick(random);
      pykka::ActorRef<Peer> fresh = pykka::start<Peer>(slot);
      pykka::ActorRef<Peer> old = fresh;
      {
        const std::unique_lock lock(g_ring.mutex);
        std::swap(old, g_ring.slots[slot]);
      }
      (void)old.stop(std::chrono::seconds(30));
      next_replacement += std::chrono::milliseconds(100);
    }
    std::this_thread::sleep_until(std::min(next_sample, next_replacement));
  }
  (void)pykka::ActorRegistry::stop_all();
}
