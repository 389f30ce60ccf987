#pragma once

// pykka::Actor: the base of every actor. An actor is an object with private state that handles
// one message at a time on its own execution context. It knows nothing about threads: the
// runtime named by the concrete base (e.g. pykka::ThreadingActor) decides where it runs.
//
// Construction happens in the thread that calls pykka::start (constructor exceptions reach that
// caller). Every hook and handler then runs on the actor's own context, one at a time, so actor
// state needs no locks. The actor object is destroyed on its own context right after on_stop /
// on_failure; ActorRefs to it stay valid handles that report it dead.

#include <exception>
#include <string>

#include "pykka/fwd.hpp"
#include "pykka/message.hpp"

namespace pykka::detail {
struct DeliverTerminated;
struct RevocableMessage;
}  // namespace pykka::detail

namespace pykka {

/// Base class of all actors: override the `on_*` hooks and add your own methods.
///
/// @code
///   class Greeter : public pykka::ThreadingActor {
///    public:
///     explicit Greeter(std::string greeting = "Hi there!") : greeting_(std::move(greeting)) {}
///     pykka::Message on_receive(pykka::Message&) override { return greeting_; }
///    private:
///     std::string greeting_;
///   };
///   auto greeter = pykka::start<Greeter>("Hi you!");
///   std::string reply = greeter.ask<std::string>("Hi?");
///   greeter.stop();
/// @endcode
class Actor {
 public:
  /// Binds the actor to the reference being started (inside pykka::start), so actor_urn() and
  /// actor_ref() already work in the constructor. Outside pykka::start the object is a plain,
  /// unstarted object whose methods can be called directly (handy in unit tests).
  Actor();
  virtual ~Actor();
  Actor(const Actor&) = delete;
  Actor& operator=(const Actor&) = delete;

  /// Returns the actor's URN, "urn:uuid:" + a random version-4 UUID. Throws pykka::Error if
  /// the actor was not created by pykka::start.
  [[nodiscard]] const std::string& actor_urn() const;

  /// Returns a reference to this actor, typed as `Self` (default: the type-erased ActorRef<>).
  /// Throws pykka::Error if the actor was not created by pykka::start.
  /// @code
  ///   auto self = actor_ref<Worker>().proxy();  // a proxy to self schedules work for later
  /// @endcode
  template <class Self = Actor>
  [[nodiscard]] ActorRef<Self> actor_ref() const;

  /// Returns the actor system the actor belongs to; pykka::start calls in the actor's code
  /// start actors in it too. Throws pykka::Error if the actor was not created by pykka::start.
  [[nodiscard]] ActorSystem& actor_system() const;

  /// Asks the actor to stop after the messages already queued; same as
  /// `actor_ref().stop(pykka::nonblocking)`. Does nothing if the actor is already stopping.
  void stop() noexcept;

  /// Starts a child actor of class A in this actor's system (as pykka::start does) and returns
  /// its ref. When this actor stops or fails, its children are stopped first, last started
  /// first, each waited for, before on_stop / on_failure runs. Call only from this actor's own
  /// code; throws pykka::Error elsewhere or once this actor is stopping (e.g. from on_stop),
  /// and whatever starting A throws. Defined in pykka/system.hpp.
  /// @code
  ///   void on_start() override { worker_ = start_child<Worker>(queue_); }
  /// @endcode
  template <class A, class... Args>
  ActorRef<A> start_child(Args&&... args);

  /// Watches `target`: once it has stopped, this actor receives one pykka::Terminated notice
  /// for it through its mailbox, handled by on_terminated in order with its other messages;
  /// at once if `target` is already dead. Watching a ref again does nothing. Call only from this
  /// actor's own code (hooks and handlers): throws pykka::Error elsewhere or for an empty ref,
  /// pykka::InvalidArgument for the actor itself. See pykka/watch.hpp.
  /// @code
  ///   void on_start() override { watch(worker_); }
  ///   void on_terminated(const pykka::Terminated& notice) override { restart(notice.actor); }
  /// @endcode
  void watch(const ActorRef<Actor>& target);

  /// Withdraws a watch: no notice for `target` is handled after this returns, even one already
  /// queued. Returns false if `target` was not watched. Same calling rules as watch.
  bool unwatch(const ActorRef<Actor>& target);

 protected:
  /// Runs on the actor's context before the first message. If it throws, the exception is
  /// logged at ERROR and the actor stops without running on_failure or on_stop.
  virtual void on_start();

  /// Runs on the actor's context after the last message when the actor is stopped normally.
  /// Not called after a failure. An exception is logged at ERROR; the actor still stops.
  virtual void on_stop();

  /// Runs on the actor's context after a message sent with tell threw: the actor has already
  /// been unregistered and marked stopped. An exception from here is logged at ERROR.
  virtual void on_failure(std::exception_ptr error);

  /// Runs on the actor's context for each notice of an actor it watches (see watch()), in
  /// order with its other messages. The default passes the notice to on_receive as a message
  /// holding the pykka::Terminated. An exception fails the actor as a told message would.
  virtual void on_terminated(const Terminated& notice);

  /// Handles a plain (non-proxy) message; the return value is the reply to an ask. The default
  /// logs WARNING "Unexpected message received by {actor}: {message}" and returns None.
  virtual Message on_receive(Message& message);

 private:
  friend class detail::ActorCell;
  friend struct detail::DeliverTerminated;
  friend struct detail::RevocableMessage;
  [[nodiscard]] detail::ActorCell& cell() const;

  // For bindings of other languages, not for actors: runs on the actor's context whenever the
  // core is about to run code of its own that may block or to give the context up, i.e. before
  // the reply to an ask is sent, after on_stop and before the stop's reply, before waiting for
  // children to stop, before a failure is handled, and when the actor has no message left or has
  // used its turn. The Python package releases the GIL here, which it otherwise keeps from
  // on_start and from one queued message to the next, a stop included. Must not throw.
  virtual void on_batch_end() noexcept {}

  detail::ActorCell* cell_ = nullptr;  // owner of this object, or null when not started
};

}  // namespace pykka
