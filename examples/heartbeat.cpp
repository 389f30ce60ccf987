// A heartbeat actor driven by a periodic timer: it starts a fixed-rate timer to itself in
// on_start, counts the beats, and cancels the timer in on_stop. A monitor is told of each beat
// and reports once it has heard five.

#include <chrono>
#include <iostream>
#include <string>

#include <pykka/pykka.hpp>

namespace {

using namespace std::chrono_literals;

struct Beat {};
struct Heard {
  int count;
};

class Monitor : public pykka::ThreadingActor {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    if (auto* heard = message.get_if<Heard>()) {
      last_ = heard->count;
      if (last_ == 5) five_.set();
      return {};
    }
    return five_;  // any other message asks for the "five beats heard" future
  }

 private:
  int last_ = 0;
  pykka::Future<void> five_;
};

class Heart : public pykka::ThreadingActor {
 public:
  explicit Heart(pykka::ActorRef<Monitor> monitor) : monitor_(std::move(monitor)) {}

  void on_start() override { timer_ = pykka::tell_at_fixed_rate(actor_ref(), 0ms, 10ms, Beat{}); }
  void on_stop() override {
    // Once cancel returns, no further Beat is told; any already queued is dropped with us.
    std::cout << "timer cancelled: " << std::boolalpha << timer_.cancel() << "\n";
  }
  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<Beat>()) monitor_.tell(Heard{++beats_});
    return {};
  }

 private:
  pykka::ActorRef<Monitor> monitor_;
  pykka::Timer timer_;
  int beats_ = 0;
};

}  // namespace

int main() {
  auto monitor = pykka::start<Monitor>();
  auto five = monitor.ask<pykka::Future<void>>(std::string("when?"));
  auto heart = pykka::start<Heart>(monitor);
  five.get(5s);
  std::cout << "monitor heard five beats\n";
  heart.stop();
  monitor.stop();
}
