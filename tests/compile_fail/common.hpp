#pragma once

// The classes every compile-failure case misuses.

#include <string>

#include <pykka/pykka.hpp>

struct Playback {
  bool play() { return true; }
};

class Calculator : public pykka::ThreadingActor {
 public:
  int add(int a, int b) { return last_result = a + b; }
  void fill(std::string& out) { out = "filled"; }
  int last_result = 0;
  const int limit = 10;
  Playback playback;  // not marked traversable
};

class Other : public pykka::ThreadingActor {
 public:
  int other() { return 0; }
};
