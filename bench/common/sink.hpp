#pragma once

// The receiving end of the tell scenarios, local and remote: an actor that counts the ints it is
// told and answers any other message with that count.

#include <pykka/pykka.hpp>

#include "bench_actor.hpp"

namespace bench {

/// Counts the ints it receives; replies to anything else with the count so far (a long).
class Sink : public ActorBase {
 public:
  pykka::Message on_receive(pykka::Message& message) override {
    if (message.is<int>()) {
      ++received_;
      return {};
    }
    return received_;
  }

 private:
  long received_ = 0;
};

}  // namespace bench
