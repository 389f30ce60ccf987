// tell: one sender (the main thread) tells one actor `count` ints, then asks for the number it
// received; the rate counts messages per second, including the final drain.

#include <pykka/pykka.hpp>

#include "harness.hpp"
#include "sink.hpp"

namespace {

struct CountQuery {};

}  // namespace

int main(int argc, char** argv) {
  const long count = bench::count_arg(argc, argv, 10'000'000);
  auto sink = pykka::start<bench::Sink>();
  bench::Stopwatch stopwatch;
  for (long i = 0; i < count; ++i) sink.tell(static_cast<int>(i));
  const long received = sink.ask<long>(CountQuery{});
  const double seconds = stopwatch.seconds();
  sink.stop();
  if (received != count) return 1;
  bench::report_rate("tell", bench::kOurSystem, "msg/s", count, seconds);
}
