// Remote actors over NATS: a client node asks and tells actors that a server node in another
// process exposes, both nodes on one nats-server on loopback (see peer.hpp for the topology).
//
//   tell           `count` one-way ints to a remote counter, then one ask for how many arrived
//                  and when the last one did
//   ask_pipelined  `count` asks to a remote echo, kWindow of them in flight (non-blocking asks)
//   ask_latency    `count` sequential asks to the echo, each one timed
//
// Without a NATS URL the client starts its own nats-server on a free loopback port.

#include <chrono>
#include <cstdio>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include <pykka/pykka.hpp>
#include <pykka/remote.hpp>

#include "bench_actor.hpp"
#include "harness.hpp"
#include "peer.hpp"
#include "sink.hpp"
#include "support/nats_server.hpp"

namespace {

using bench::remote::kAskTimeout;
using bench::remote::kWarmup;
using bench::remote::kWindow;

// The tell scenario's counter: a bench::Sink that also notes when the last int arrived, and
// answers the query with {count, that time}. The rate then runs from the first tell sent to the
// last one handled, whatever becomes of the query.
class TimedSink : public bench::Sink {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<int>()) {
      last_arrival_ns_ = bench::remote::monotonic_ns();
      return Sink::on_receive(message);
    }
    const long received = Sink::on_receive(message).as<long>();
    return std::vector<long>{received, last_arrival_ns_};
  }

 private:
  long last_arrival_ns_ = 0;
};

class Echo : public bench::ActorBase {
 public:
  pykka::Message on_receive(pykka::Message& message) override { return message.as<int>() + 1; }
};

pykka::remote::NodeOptions node_options(const std::string& name, const std::string& url) {
  pykka::remote::NodeOptions options;
  options.name = name;
  options.urls = {url};
  options.ask_timeout = kAskTimeout;
  options.connect_timeout = std::chrono::seconds(5);
  return options;
}

// Shows WARNING records too (the default sink shows ERROR and above): a node says there why it
// dropped messages, e.g. NATS's "slow consumer".
void log_warnings_to_stderr() {
  pykka::set_log_sink([](const pykka::LogRecord& record) {
    if (record.level >= pykka::LogLevel::warning) {
      std::fprintf(stderr, "%s: %s\n", record.logger.c_str(), record.message.c_str());
    }
  });
}

int serve(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s --serve <nats-url> <node-name>\n", argv[0]);
    return 2;
  }
  log_warnings_to_stderr();
  pykka::ActorSystem system;
  pykka::remote::Node node(system, node_options(argv[3], argv[2]));
  node.expose(system.start<TimedSink>(), "counter");
  node.expose(system.start<Echo>(), "echo");
  bench::remote::serve_until_stdin_closes(node.name());
  return 0;
}

void warm_up(const pykka::remote::RemoteRef& echo) {
  for (int i = 0; i < kWarmup; ++i) (void)echo.ask<int>(i, kAskTimeout);
}

void run_tell(const pykka::remote::RemoteRef& counter, long count) {
  const long started_ns = bench::remote::monotonic_ns();
  for (long i = 0; i < count; ++i) counter.tell(static_cast<int>(i & 0xffff));
  // Asked after the tells over the same connection, so it is handled after all that arrived; but
  // it can be dropped with them (at-most-once), so it is asked again after a while.
  std::vector<long> reply;
  for (int attempt = 1; reply.empty(); ++attempt) {
    try {
      reply = counter.ask<std::vector<long>>(std::string("count"), std::chrono::seconds(10));
    } catch (const pykka::Timeout&) {
      if (attempt == 3) throw;
      std::fprintf(stderr, "remote_tell: the count query was lost too; asking again\n");
    }
  }
  const long delivered = reply.at(0);
  if (delivered == 0) throw std::runtime_error("remote_tell: no tell arrived");
  const double seconds = static_cast<double>(reply.at(1) - started_ns) * 1e-9;
  if (delivered != count) {
    std::fprintf(stderr, "remote_tell: %ld of %ld tells arrived\n", delivered, count);
  }
  bench::remote::report_tell(bench::kOurSystem, count, delivered, seconds);
}

void run_pipelined(const pykka::remote::RemoteRef& echo, long count) {
  std::vector<pykka::Future<int>> window;
  window.reserve(kWindow);
  long sum = 0;
  bench::Stopwatch stopwatch;
  for (long i = 0; i < count; ++i) {
    pykka::Future<int> next = echo.ask<int>(static_cast<int>(i & 0xffff), pykka::nonblocking);
    if (i < kWindow) {
      window.push_back(std::move(next));
    } else {
      // Replies come back in the order asked: the oldest is the next one due. Each future ends
      // within the node's ask_timeout.
      pykka::Future<int>& oldest = window[static_cast<std::size_t>(i % kWindow)];
      sum += std::move(oldest).get();
      oldest = std::move(next);
    }
  }
  for (pykka::Future<int>& last : window) sum += std::move(last).get();
  const double seconds = stopwatch.seconds();
  if (sum <= 0) throw std::runtime_error("remote_ask_pipelined: wrong replies");
  bench::remote::report_pipelined(bench::kOurSystem, count, seconds);
}

void run_latency(const pykka::remote::RemoteRef& echo, long count) {
  std::vector<double> samples;
  samples.reserve(static_cast<std::size_t>(count));
  bench::Stopwatch total;
  for (long i = 0; i < count; ++i) {
    const int value = static_cast<int>(i & 0xffff);
    const auto sent = std::chrono::steady_clock::now();
    const int reply = echo.ask<int>(value, kAskTimeout);
    const auto received = std::chrono::steady_clock::now();
    if (reply != value + 1) throw std::runtime_error("remote_ask_latency: wrong reply");
    samples.push_back(std::chrono::duration<double, std::micro>(received - sent).count());
  }
  bench::remote::report_latency(bench::kOurSystem, std::move(samples), total.seconds());
}

int run_client(const bench::remote::Options& options) {
  const bench::remote::Watchdog watchdog(std::chrono::seconds(240));
  log_warnings_to_stderr();
  std::optional<pykka::testing::NatsServer> own_server;
  std::string url = options.url;
  if (url.empty()) {
    own_server.emplace();
    if (!own_server->running()) {
      std::fprintf(stderr, "remote benchmark: cannot start nats-server (is it on the PATH?)\n");
      return 1;
    }
    url = own_server->url();
  }
  // Unique names, so that runs sharing a server never see each other's nodes.
  const std::string suffix = std::to_string(getpid());
  const std::string server_name = "bench-server-" + suffix;
  const bench::remote::ServerProcess server({url, server_name}, std::chrono::seconds(15));
  pykka::ActorSystem system;
  pykka::remote::Node node(system, node_options("bench-client-" + suffix, url));
  const pykka::remote::RemoteRef counter = node.lookup("counter", server_name);
  const pykka::remote::RemoteRef echo = node.lookup("echo", server_name);
  warm_up(echo);
  if (options.scenario == "tell") {
    run_tell(counter, options.count);
  } else if (options.scenario == "ask_pipelined") {
    run_pipelined(echo, options.count);
  } else {
    run_latency(echo, options.count);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc >= 2 && std::string(argv[1]) == "--serve") return serve(argc, argv);
    return run_client(bench::remote::parse_options(argc, argv));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%s: %s\n", argv[0], error.what());
    return 1;
  }
}
