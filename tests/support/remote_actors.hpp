#pragma once

// Actors and message types shared by the remote tests and their child node process.

#include <stdexcept>
#include <string>
#include <vector>

#include <pykka/pykka.hpp>
#include <pykka/remote.hpp>

namespace pykka::testing {

/// A user type that crosses the wire under the name "test.Point".
struct Point {
  int x = 0;
  int y = 0;
  MSGPACK_DEFINE(x, y)
};

/// Registers the test types (idempotent: every node process calls it).
inline void register_remote_test_types() { remote::register_type<Point>("test.Point"); }

/// Replies "echo: <text>" to a string, n + 1 to an int, the swapped point to a Point, the list of
/// ints received so far to "history"; throws std::runtime_error("boom") for "boom".
class Echo : public ThreadingActor {
 public:
  Message on_receive(Message& message) override {
    if (auto* number = message.get_if<int>()) {
      history_.push_back(*number);
      return *number + 1;
    }
    if (auto* point = message.get_if<Point>()) return Point{point->y, point->x};
    if (auto* text = message.get_if<std::string>()) {
      if (*text == "boom") throw std::runtime_error("boom");
      if (*text == "history") return history_;
      return "echo: " + *text;
    }
    return {};
  }

 private:
  std::vector<int> history_;
};

}  // namespace pykka::testing
