// A supervised worker pool that survives crashing workers: a one_for_one supervisor owns four
// workers; jobs that make a worker crash get it replaced by a fresh actor, and the pool keeps
// answering. A watcher outside the pool counts the crashes through death watch.

#include <chrono>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <pykka/pykka.hpp>

namespace {

using namespace std::chrono_literals;

// Squares numbers; a negative number is a poisoned job that crashes the worker.
class Worker : public pykka::ThreadingActor {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    const int job = message.as<int>();
    if (job < 0) throw std::runtime_error("poisoned job " + std::to_string(job));
    return job * job;
  }
};

constexpr int kWorkers = 4;

std::string worker_id(int index) { return "worker-" + std::to_string(index); }

}  // namespace

int main() {
  pykka::set_log_level(pykka::LogLevel::critical);  // the crashes are expected here
  std::vector<pykka::ChildSpec> specs;
  for (int i = 0; i < kWorkers; ++i) {
    specs.push_back(pykka::child_spec<Worker>(worker_id(i), pykka::Restart::permanent));
  }
  auto pool = pykka::start<pykka::Supervisor<>>(pykka::Strategy::one_for_one,
                                                pykka::RestartIntensity{20, 10s}, specs);

  int crashes = 0;
  long sum = 0;
  for (int job = 1; job <= 40; ++job) {
    auto worker = pool.ask<pykka::AnyActorRef>(pykka::GetChild{worker_id(job % kWorkers)});
    if (job % 10 == 0) {
      worker.tell(-job);                   // crash it...
      (void)worker.termination().get(5s);  // ...and wait until the supervisor knows
      ++crashes;
      continue;
    }
    sum += worker.ask<int>(job, 5s);
  }

  int alive = 0;
  for (int i = 0; i < kWorkers; ++i) {
    alive += pool.ask<pykka::AnyActorRef>(pykka::GetChild{worker_id(i)}).is_alive() ? 1 : 0;
  }
  std::cout << "crashes survived: " << crashes << "\n";
  std::cout << "workers alive: " << alive << " of " << kWorkers << "\n";
  std::cout << "sum of squares: " << sum << "\n";
  pool.stop();
  return alive == kWorkers ? 0 : 1;
}
