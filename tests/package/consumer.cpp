// The consumer program every packaging check builds: starts an actor and asks it something.
#include <iostream>
#include <string>

#include <pykka/pykka.hpp>

namespace {
class Echo : public pykka::ThreadingActor {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    return "echo: " + message.as<std::string>();
  }
};
}  // namespace

int main() {
  auto echo = pykka::start<Echo>();
  const auto reply = echo.ask<std::string>(std::string("package"));
  echo.stop();
  std::cout << reply << "\n";
  return reply == "echo: package" ? 0 : 1;
}
