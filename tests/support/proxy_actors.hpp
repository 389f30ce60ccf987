#pragma once

// Actors used by the proxy tests: Pykka's Calculator (with overloads, a const method, a
// throwing method, a private-by-name field) and a Player with traversable members marked in
// each of the three ways. Each is a template over the runtime's actor base.

#include <stdexcept>
#include <string>
#include <thread>

#include <pykka/pykka.hpp>

#include "support/actors.hpp"

namespace pykka::testing {

/// Pykka's Calculator from the "Actor proxies" chapter, published by name.
template <class Base>
class Calculator : public Base {
 public:
  int add(int a, int b) { return last_result = a + b; }
  int add(int a) { return last_result += a; }
  int sub(int a, int b) { return last_result = a - b; }
  int sub(int a) { return last_result -= a; }
  [[nodiscard]] int total() const { return last_result; }
  void reset() noexcept { last_result = 0; }
  int fail(const std::string& why) { throw std::invalid_argument(why); }
  std::thread::id thread() const { return std::this_thread::get_id(); }
  std::string describe(const std::string& prefix, int times, char mark) const {
    return prefix + std::string(static_cast<std::size_t>(times), mark);
  }

  int last_result = 0;
  std::string _secret = "hidden";

  static constexpr auto pykka_members() noexcept {
    return pykka::members(
        pykka::member("add", pykka::overload<int(int, int)>(&Calculator::add)),
        pykka::member("add", pykka::overload<int(int)>(&Calculator::add)),
        pykka::member("sub", pykka::overload<int(int, int)>(&Calculator::sub)),
        pykka::member("total", &Calculator::total), pykka::member("reset", &Calculator::reset),
        pykka::member("fail", &Calculator::fail), pykka::member("describe", &Calculator::describe),
        pykka::member("last_result", &Calculator::last_result),
        pykka::member("_secret", &Calculator::_secret));
  }

  Message on_receive(Message& message) override {
    (void)handle_block(message);
    return {};
  }
};

/// Marked traversable with pykka_traversable, like Pykka < 2.0.
struct Mixer {
  static constexpr bool pykka_traversable = true;
  int volume = 50;
  int louder(int step) { return volume += step; }
  PYKKA_MEMBERS(Mixer, volume, louder)
};

/// Marked traversable by specialising pykka::enable_traversable (the class decorator).
struct Output {
  Mixer mixer;
  std::string device = "speakers";
  PYKKA_MEMBERS(Output, mixer, device)
};

/// Marked traversable per member with pykka::Traversable<Playback> (pykka.traversable(obj)).
class Playback {
 public:
  bool play() { return playing = true; }
  bool playing = false;
  Output output;
  int unmarked = 7;
  PYKKA_MEMBERS(Playback, play, playing, output, unmarked)
};

/// An actor with a traversable Playback, as in Pykka's "Traversable attributes" chapter.
template <class Base>
class Player : public Base {
 public:
  pykka::Traversable<Playback> playback;
  Mixer mixer;     // traversable through its pykka_traversable constant
  Playback plain;  // not marked

  PYKKA_MEMBERS(Player, playback, mixer, plain)
};

}  // namespace pykka::testing

template <>
inline constexpr bool pykka::enable_traversable<pykka::testing::Output> = true;
