// Awaiting several actors' replies from a coroutine: no thread blocks while the replies are on
// their way. The coroutine asks every thermometer, co_awaits the replies one by one, and
// co_returns the average; main only blocks at the very end, on the finished Task.

#include <chrono>
#include <iostream>
#include <vector>

#include <pykka/pykka.hpp>

namespace {

struct ReadTemperature {};

class Thermometer : public pykka::ThreadingActor {
 public:
  explicit Thermometer(double celsius) : celsius_(celsius) {}

  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<ReadTemperature>()) return celsius_;
    return {};
  }

 private:
  double celsius_;
};

// Every ask is sent before the first co_await, so the thermometers work in parallel.
pykka::Task<double> average_temperature(std::vector<pykka::ActorRef<Thermometer>> thermometers) {
  std::vector<pykka::Future<double>> replies;
  for (const auto& thermometer : thermometers) {
    replies.push_back(thermometer.ask<double>(ReadTemperature{}, pykka::nonblocking));
  }
  double sum = 0;
  for (auto& reply : replies) {
    sum += co_await reply;  // suspends; resumes on the thread that delivers the reply
  }
  co_return sum / static_cast<double>(replies.size());
}

}  // namespace

int main() {
  using namespace std::chrono_literals;

  std::vector<pykka::ActorRef<Thermometer>> thermometers{
      pykka::start<Thermometer>(21.5),  // kitchen
      pykka::start<Thermometer>(12.0),  // cellar
      pykka::start<Thermometer>(26.5),  // attic
  };

  pykka::Task<double> average = average_temperature(thermometers);
  std::cout << "asked " << thermometers.size() << " thermometers; main is free meanwhile\n";

  // A completion callback instead of a blocking get: runs once the coroutine has finished, on
  // the thread that finished it. It must not block, so it only completes another future.
  pykka::Future<void> noticed;
  average.future().on_done([noticed] { noticed.set(); });

  const double celsius = average.get(5s);  // blocks here only: (21.5 + 12 + 26.5) / 3
  noticed.get(5s);  // the callback may still be running on the actor's thread: wait for it
  std::cout << "callback ran: the average was ready\n";
  std::cout << "average temperature: " << celsius << " C\n";

  pykka::ActorRegistry::stop_all();
}
