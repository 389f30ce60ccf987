// C++ actors exported to Python for the test suite (compiled into pykka._core when
// PYKKA_PYTHON_TEST_ACTORS is ON).

#include <string>
#include <utility>

#include "pykka/pykka.hpp"
#include "pykka_python/export.hpp"

namespace {

/// Replies with the message it received (so a value makes the round trip Python → C++ → Python).
class CppEcho : public pykka::ThreadingActor {
 public:
  pykka::Message on_receive(pykka::Message& message) override { return std::move(message); }
};

/// Adds every integer it receives to a total that starts at the constructor's argument.
class CppCounter : public pykka::ThreadingActor {
 public:
  explicit CppCounter(long long start) : total_(start) {}
  pykka::Message on_receive(pykka::Message& message) override {
    if (const auto* amount = message.get_if<long long>()) total_ += *amount;
    if (const auto* text = message.get_if<std::string>()) return *text + "!";
    return total_;
  }

 private:
  long long total_;
};

/// Asks the first running actor with the class name it receives, and replies with that reply:
/// a C++ actor talking to a Python actor through the shared registry.
class CppRelay : public pykka::ThreadingActor {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    const auto& name = message.as<std::string>();
    auto found = pykka::ActorRegistry::get_by_class_name(name);
    if (found.empty()) throw pykka::ActorDeadError(name + " not found");
    return found.front().ask(std::string("from C++"));
  }
};

}  // namespace

PYKKA_PYTHON_EXPORT_ACTOR(CppEcho);
PYKKA_PYTHON_EXPORT_ACTOR(CppCounter, long long);
PYKKA_PYTHON_EXPORT_ACTOR(CppRelay);
