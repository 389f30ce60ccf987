// Pykka's "Pool of actors sharing work" example: resolve IP addresses to host names with a pool
// of resolver actors. The work is handed out round-robin without blocking; the results are then
// gathered in order. This version resolves loopback addresses only, so it needs no network:
// 127.0.0.1 resolves through /etc/hosts, the others usually fail.
//
//   example_resolver                      # a pool of 5 resolvers, 127.0.0.1 ... 127.0.0.20
//   example_resolver 3 127.0.0.1 127.0.0.2 127.0.0.3

#include <cstdlib>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <pykka/pykka.hpp>

namespace {

#if defined(__SANITIZE_THREAD__)
// glibc frees its lookup buffers internally, out of ThreadSanitizer's sight, so concurrent
// lookups look like races to it. Under TSan only, lookups take turns.
std::mutex lookup_turn;
#endif

class Resolver : public pykka::ThreadingActor {
 public:
  std::optional<std::string> resolve(const std::string& ip) {
#if defined(__SANITIZE_THREAD__)
    const std::lock_guard turn(lookup_turn);
#endif
    sockaddr_in address{};
    address.sin_family = AF_INET;
    char host[NI_MAXHOST] = {};
    if (inet_pton(AF_INET, ip.c_str(), &address.sin_addr) == 1 &&
        getnameinfo(reinterpret_cast<const sockaddr*>(&address), sizeof address, host, sizeof host,
                    nullptr, 0, NI_NAMEREQD) == 0) {
      std::cout << ("Finished resolving " + ip + "\n");
      return std::string(host);
    }
    std::cout << ("Failed resolving " + ip + "\n");
    return std::nullopt;
  }
};

void run(std::size_t pool_size, const std::vector<std::string>& ips) {
  // Start resolvers
  std::vector<pykka::ActorProxy<Resolver>> resolvers;
  for (std::size_t i = 0; i < pool_size; ++i) resolvers.push_back(pykka::start<Resolver>().proxy());

  // Distribute work by mapping IPs to resolvers (not blocking)
  std::vector<pykka::Future<std::optional<std::string>>> hosts;
  for (std::size_t i = 0; i < ips.size(); ++i) {
    hosts.push_back(resolvers[i % resolvers.size()].call(&Resolver::resolve, ips[i]));
  }

  // Gather results (blocking)
  const std::vector<std::optional<std::string>> names = pykka::get_all(hosts);

  std::cout << "[";
  for (std::size_t i = 0; i < ips.size(); ++i) {
    std::cout << (i == 0 ? "" : ",\n ") << "('" << ips[i] << "', "
              << (names[i] ? "'" + *names[i] + "'" : std::string("None")) << ")";
  }
  std::cout << "]\n";

  // Clean up
  pykka::ActorRegistry::stop_all();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3) {
    const long pool_size = std::strtol(argv[1], nullptr, 10);
    if (pool_size < 1) {
      std::cerr << "usage: " << argv[0] << " [pool-size ip...]\n";
      return 2;
    }
    run(static_cast<std::size_t>(pool_size), std::vector<std::string>(argv + 2, argv + argc));
  } else {
    std::vector<std::string> ips;
    for (int i = 1; i <= 20; ++i) ips.push_back("127.0.0." + std::to_string(i));
    run(5, ips);
  }
}
