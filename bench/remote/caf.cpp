// Remote actors, CAF 0.17 peer: the server process publishes a counter and an echo actor on
// loopback ports (caf::io::middleman::publish) and the client reaches them with remote_actor,
// over CAF's own protocol on TCP (see peer.hpp for the topology). The scenarios are pykka.cpp's:
//
//   tell           `count` one-way ints (anon_send) to the counter, then one request for the count
//                  and the time the last one arrived
//   ask_pipelined  `count` requests to the echo from an event-based actor, kWindow in flight, each
//                  reply's continuation (request().then) sending the next
//   ask_latency    `count` requests one after the other from an event-based actor, each timed

#include <chrono>
#include <cstdio>
#include <exception>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <caf/io/all.hpp>

#include "caf_support.hpp"
#include "harness.hpp"
#include "peer.hpp"

using namespace bench::caf_peer;
using bench::remote::kAskTimeout;
using bench::remote::kWarmup;
using bench::remote::kWindow;

namespace {

/// Set once by the client actor when its run ended: true if every reply came.
using Finished = std::shared_ptr<std::promise<bool>>;

// Counts the ints it gets and notes when the last one arrived; answers count_atom with both.
caf::behavior counter(caf::event_based_actor* /*self*/) {
  struct Tally {
    long received = 0;
    long last_arrival_ns = 0;
  };
  auto tally = std::make_shared<Tally>();
  return {
      [tally](int /*value*/) {
        ++tally->received;
        tally->last_arrival_ns = bench::remote::monotonic_ns();
      },
      [tally](count_atom) { return std::make_tuple(tally->received, tally->last_arrival_ns); },
  };
}

caf::behavior echo(caf::event_based_actor* /*self*/) {
  return {[](int value) { return value + 1; }};
}

int serve() {
  caf::actor_system_config config;
  config.load<caf::io::middleman>();
  caf::actor_system system{config};
  auto counter_actor = system.spawn(counter);
  auto echo_actor = system.spawn(echo);
  auto counter_port = system.middleman().publish(counter_actor, 0, "127.0.0.1");
  auto echo_port = system.middleman().publish(echo_actor, 0, "127.0.0.1");
  if (!counter_port || !echo_port) {
    std::fprintf(stderr, "caf server: cannot publish: %s\n",
                 system.render(counter_port ? echo_port.error() : counter_port.error()).c_str());
    return 1;
  }
  bench::remote::serve_until_stdin_closes(std::to_string(*counter_port) + " " +
                                          std::to_string(*echo_port));
  caf::anon_send_exit(counter_actor, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(echo_actor, caf::exit_reason::user_shutdown);
  return 0;
}

struct PipelineState {
  long count = 0;
  long sent = 0;
  long received = 0;
  bool finished = false;
};

using Pipeliner = caf::stateful_actor<PipelineState>;

// Ends a client actor's run once: its first failure or its last reply.
template <class State>
void finish(caf::stateful_actor<State>* self, const Finished& finished, bool ok) {
  if (self->state.finished) return;
  self->state.finished = true;
  finished->set_value(ok);
  self->quit();
}

void send_next(Pipeliner* self, const caf::actor& target, const Finished& finished) {
  const int value = static_cast<int>(self->state.sent++ & 0xffff);
  self->request(target, kAskTimeout, value)
      .then(
          [self, target, finished](int /*reply*/) {
            if (++self->state.received == self->state.count) {
              finish(self, finished, true);
            } else if (self->state.sent < self->state.count) {
              send_next(self, target, finished);
            }
          },
          [self, finished](caf::error& /*error*/) { finish(self, finished, false); });
}

caf::behavior pipeliner(Pipeliner* self, caf::actor target, long count, Finished finished) {
  self->state.count = count;
  for (long i = 0; i < std::min<long>(kWindow, count); ++i) send_next(self, target, finished);
  return {[](count_atom) {}};
}

struct LatencyState {
  long count = 0;
  std::shared_ptr<std::vector<double>> samples;
  std::chrono::steady_clock::time_point sent;
  bool finished = false;
};

using Timer = caf::stateful_actor<LatencyState>;

void time_next(Timer* self, const caf::actor& target, const Finished& finished) {
  const int value = static_cast<int>(self->state.samples->size() & 0xffff);
  self->state.sent = std::chrono::steady_clock::now();
  self->request(target, kAskTimeout, value)
      .then(
          [self, target, finished, value](int reply) {
            const auto received = std::chrono::steady_clock::now();
            std::vector<double>& samples = *self->state.samples;
            samples.push_back(
                std::chrono::duration<double, std::micro>(received - self->state.sent).count());
            if (reply != value + 1) {
              finish(self, finished, false);
            } else if (static_cast<long>(samples.size()) == self->state.count) {
              finish(self, finished, true);
            } else {
              time_next(self, target, finished);
            }
          },
          [self, finished](caf::error& /*error*/) { finish(self, finished, false); });
}

caf::behavior timer(Timer* self, caf::actor target, long count,
                    std::shared_ptr<std::vector<double>> samples, Finished finished) {
  self->state.count = count;
  self->state.samples = std::move(samples);
  self->state.samples->reserve(static_cast<std::size_t>(count));
  time_next(self, target, finished);
  return {[](count_atom) {}};
}

// Waits for a client actor's run, bounded; throws if it failed or took too long.
void await(const Finished& finished, const char* what) {
  std::future<bool> result = finished->get_future();
  if (result.wait_for(std::chrono::seconds(200)) != std::future_status::ready || !result.get()) {
    throw std::runtime_error(std::string(what) + ": a request failed or timed out");
  }
}

// Runs `count` sequential timed requests; returns the round trips in microseconds.
std::vector<double> time_requests(caf::actor_system& system, const caf::actor& target, long count) {
  auto samples = std::make_shared<std::vector<double>>();
  Finished finished = std::make_shared<std::promise<bool>>();
  system.spawn(timer, target, count, samples, finished);
  await(finished, "remote_ask_latency");
  return std::move(*samples);
}

void run_tell(caf::actor_system& system, const caf::actor& target, long count) {
  const long started_ns = bench::remote::monotonic_ns();
  for (long i = 0; i < count; ++i) caf::anon_send(target, static_cast<int>(i & 0xffff));
  long delivered = -1;
  long last_arrival_ns = 0;
  {
    caf::scoped_actor self{system};
    self->request(target, kAskTimeout, count_atom::value)
        .receive(
            [&](long received, long last) {
              delivered = received;
              last_arrival_ns = last;
            },
            [](caf::error& /*error*/) {});
  }
  if (delivered <= 0) throw std::runtime_error("remote_tell: the count request failed");
  const double seconds = static_cast<double>(last_arrival_ns - started_ns) * 1e-9;
  if (delivered != count) {
    std::fprintf(stderr, "remote_tell: %ld of %ld tells arrived\n", delivered, count);
  }
  bench::remote::report_tell("caf", count, delivered, seconds);
}

void run_pipelined(caf::actor_system& system, const caf::actor& target, long count) {
  Finished finished = std::make_shared<std::promise<bool>>();
  bench::Stopwatch stopwatch;
  system.spawn(pipeliner, target, count, finished);
  await(finished, "remote_ask_pipelined");
  bench::remote::report_pipelined("caf", count, stopwatch.seconds());
}

caf::actor connect(caf::actor_system& system, std::uint16_t port) {
  auto target = system.middleman().remote_actor("127.0.0.1", port);
  if (!target) throw std::runtime_error("remote_actor: " + system.render(target.error()));
  return *target;
}

int run_client(const bench::remote::Options& options) {
  const bench::remote::Watchdog watchdog(std::chrono::seconds(240));
  const bench::remote::ServerProcess server({}, std::chrono::seconds(15));
  unsigned counter_port = 0;
  unsigned echo_port = 0;
  if (std::sscanf(server.details().c_str(), "%u %u", &counter_port, &echo_port) != 2) {
    throw std::runtime_error("the server process named no ports: '" + server.details() + "'");
  }
  caf::actor_system_config config;
  config.load<caf::io::middleman>();
  caf::actor_system system{config};
  const caf::actor counter_actor = connect(system, static_cast<std::uint16_t>(counter_port));
  const caf::actor echo_actor = connect(system, static_cast<std::uint16_t>(echo_port));
  (void)time_requests(system, echo_actor, kWarmup);
  if (options.scenario == "tell") {
    run_tell(system, counter_actor, options.count);
  } else if (options.scenario == "ask_pipelined") {
    run_pipelined(system, echo_actor, options.count);
  } else {
    bench::Stopwatch total;
    std::vector<double> samples = time_requests(system, echo_actor, options.count);
    bench::remote::report_latency("caf", std::move(samples), total.seconds());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc >= 2 && std::string(argv[1]) == "--serve") return serve();
    return run_client(bench::remote::parse_options(argc, argv));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%s: %s\n", argv[0], error.what());
    return 1;
  }
}
