// memory, CAF peer: resident memory per idle event-based actor (each answered one request).

#include <vector>

#include "caf_support.hpp"
#include "harness.hpp"

namespace {

caf::behavior idle(caf::event_based_actor* /*self*/) {
  return {[](int value) { return value; }};
}

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 10'000);
  caf::actor_system_config config;
  caf::actor_system system{config};
  std::vector<caf::actor> actors;
  actors.reserve(static_cast<std::size_t>(count));
  caf::scoped_actor self{system};
  const long before = bench::rss_kib();
  for (long i = 0; i < count; ++i) actors.push_back(system.spawn(idle));
  for (auto& actor : actors) {
    self->request(actor, caf::infinite, 1).receive([](int) {}, [](caf::error&) {});
  }
  bench::settle();
  const long after = bench::rss_kib();
  for (auto& actor : actors) caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
  bench::report_value("memory", "caf", "KiB/actor", count,
                      static_cast<double>(after - before) / static_cast<double>(count));
}
