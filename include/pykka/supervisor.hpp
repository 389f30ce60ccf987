#pragma once

// pykka::Supervisor: an actor that starts child actors from specifications and restarts them
// when they die, in the manner of Erlang/OTP supervisors.
//
// Each child has a ChildSpec: an id, a factory that starts it (as a child of the supervisor),
// and a restart policy — permanent (always restarted), transient (restarted only after a
// failure) or temporary (never restarted). A restarted child is a new actor with a new URN:
// Pykka actors never restart in place. The strategy says which children restart together:
//   one_for_one   only the child that died;
//   one_for_all   every child (the others are stopped first, last started first);
//   rest_for_one  the child that died and every child started after it.
// Temporary children stopped by a sibling's restart are not started again. The restart
// intensity bounds restarts: more than `max_restarts` within `within` and the supervisor gives
// up — logs ERROR, stops its children and fails with pykka::SupervisorGaveUp, so that its own
// supervisor (if any) decides. A factory that throws counts as a failed restart.
//
// Children start in order in on_start (a factory throwing there fails the supervisor's start);
// they stop with the supervisor, last started first, as every actor's children do. Each restart
// is logged at INFO: "Restarting child {id} of {supervisor} after {child} {stopped|failed}".
// Ask a supervisor for the current ref of a child with pykka::GetChild{id}.
//
// Thread-safety: a Supervisor is an actor; talk to it through its ref.

#include <chrono>
#include <deque>
#include <functional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "pykka/actor.hpp"
#include "pykka/actor_ref.hpp"
#include "pykka/errors.hpp"
#include "pykka/runtime/threading.hpp"
#include "pykka/system.hpp"
#include "pykka/watch.hpp"

namespace pykka {

/// When a supervisor restarts a child.
enum class Restart {
  permanent,  ///< Always, however it stopped.
  transient,  ///< Only after it failed.
  temporary   ///< Never.
};

/// Which children restart when one dies.
enum class Strategy { one_for_one, one_for_all, rest_for_one };

/// At most `max_restarts` restarts within `within`; one more and the supervisor gives up.
struct RestartIntensity {
  /// How many restarts are allowed within the period.
  int max_restarts = 3;
  /// The sliding period the restarts are counted over.
  std::chrono::milliseconds within = std::chrono::seconds(5);
};

/// How a supervisor starts and restarts one child.
struct ChildSpec {
  /// Names the child among the supervisor's children (see GetChild).
  std::string id;
  /// Starts the child; called on the supervisor's context with the supervisor. Must return
  /// the ref of an actor started with supervisor.start_child (see pykka::child_spec).
  std::function<AnyActorRef(Actor& supervisor)> start;
  /// When to restart it.
  Restart restart = Restart::permanent;
};

/// Returns a ChildSpec that starts `A(args...)` (copies of `args`) as a child.
/// @code
///   pykka::child_spec<Worker>("worker-1", pykka::Restart::permanent, queue)
/// @endcode
template <class A, class... Args>
ChildSpec child_spec(std::string id, Restart restart, Args... args) {
  return ChildSpec{std::move(id),
                   [captured = std::make_tuple(std::move(args)...)](Actor& supervisor) {
                     return std::apply(
                         [&](const auto&... values) {
                           return AnyActorRef(supervisor.template start_child<A>(values...));
                         },
                         captured);
                   },
                   restart};
}

/// Asks a supervisor for the current ref of its child `id` (the reply is an AnyActorRef, dead
/// if the child was not restarted); an unknown id fails the ask with pykka::InvalidArgument.
struct GetChild {
  /// The id of the child's ChildSpec.
  std::string id;
};

/// The exception a supervisor fails with when its restart intensity is exceeded.
class SupervisorGaveUp : public Error {
 public:
  using Error::Error;
};

namespace detail {
/// The runtime-independent part of Supervisor. Not API.
class SupervisorCore {
 public:
  SupervisorCore(Strategy strategy, RestartIntensity intensity, std::vector<ChildSpec> specs);
  void start_all(Actor& self);
  void on_terminated(Actor& self, const Terminated& notice);
  [[nodiscard]] AnyActorRef child(const std::string& id) const;

 private:
  struct Entry {
    ChildSpec spec;
    AnyActorRef current;
  };
  void start_one(Actor& self, Entry& entry, bool restarting);
  void stop_one(Actor& self, Entry& entry);
  void count_restart(Actor& self);

  Strategy strategy_;
  RestartIntensity intensity_;
  std::vector<Entry> entries_;
  std::deque<std::chrono::steady_clock::time_point> restarts_;
};
}  // namespace detail

/// A supervisor actor run by the runtime of `Base` (e.g. pykka::ThreadingActor). See the header
/// comment.
/// @code
///   auto pool = pykka::start<pykka::Supervisor<>>(
///       pykka::Strategy::one_for_one, pykka::RestartIntensity{5, 10s},
///       std::vector{pykka::child_spec<Worker>("w1", pykka::Restart::permanent)});
///   auto worker = pool.ask<pykka::AnyActorRef>(pykka::GetChild{"w1"});
/// @endcode
template <class Base = ThreadingActor>
class Supervisor : public Base {
 public:
  /// Keeps the specs; the children start in on_start, in order. Throws pykka::InvalidArgument
  /// for two specs with one id, a spec without a start function, or a negative or empty intensity.
  Supervisor(Strategy strategy, RestartIntensity intensity, std::vector<ChildSpec> children)
      : core_(strategy, intensity, std::move(children)) {}

 protected:
  void on_start() override { core_.start_all(*this); }
  void on_terminated(const Terminated& notice) override { core_.on_terminated(*this, notice); }
  Message on_receive(Message& message) override {
    if (auto* get = message.get_if<GetChild>()) return core_.child(get->id);
    return Base::on_receive(message);
  }

 private:
  detail::SupervisorCore core_;
};

}  // namespace pykka
