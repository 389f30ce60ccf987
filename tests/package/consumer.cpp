// The consumer program every packaging check builds: starts an actor, asks it something and
// prints the version it was compiled against, so run.sh can compare it with the project's.
#include <iostream>
#include <string>

#include <pykka/pykka.hpp>
#include <pykka/version.hpp>

namespace {
class Echo : public pykka::ThreadingActor {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    return "echo: " + message.as<std::string>();
  }
};

static_assert(pykka::version_major == PYKKA_VERSION_MAJOR);
static_assert(PYKKA_VERSION ==
              PYKKA_VERSION_MAJOR * 10000 + PYKKA_VERSION_MINOR * 100 + PYKKA_VERSION_PATCH);
}  // namespace

int main() {
  auto echo = pykka::start<Echo>();
  const auto reply = echo.ask<std::string>(std::string("package"));
  echo.stop();
  std::cout << "pykka " << pykka::version << "\n" << reply << "\n";
  return reply == "echo: package" ? 0 : 1;
}
