#pragma once

// Exception types thrown by pykka. Every error the library reports derives from pykka::Error,
// so `catch (const pykka::Error&)` catches them all. pykka::SystemExit is the one deliberate
// exception: like Python's BaseException it is not a std::exception, so handlers written as
// `catch (const std::exception&)` do not swallow it (see SystemExit below).
//
// All types are plain values: copyable, safe to rethrow on any thread.

#include <stdexcept>
#include <string>
#include <utility>

namespace pykka {

/// Base class of every exception pykka throws.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Thrown when using a dead or unavailable actor, e.g. `"Greeter (urn:uuid:…) not found"`.
class ActorDeadError : public Error {
 public:
  using Error::Error;
};

/// Thrown when a future's value did not arrive within the timeout.
class Timeout : public Error {
 public:
  using Error::Error;
};

/// Thrown when a value has another type than the one asked for (e.g. `ask<int>` of a string
/// reply, or `Message::as<T>` on a message holding something else).
class TypeError : public Error {
 public:
  using Error::Error;
};

/// Thrown on misuse of an API argument, such as a negative timeout.
class InvalidArgument : public Error {
 public:
  using Error::Error;
};

/// Thrown by a blocking get on an actor's context when waiting would close a cycle of actors
/// waiting for each other, e.g. `"deadlock detected: A (urn:…) → B (urn:…) → A (urn:…)"`.
/// Only under pykka::DeadlockPolicy::raise (see pykka/deadlock.hpp); otherwise the cycle is
/// logged at ERROR and the call blocks as Pykka's would.
class DeadlockError : public Error {
 public:
  using Error::Error;
};

/// Thrown for an exception raised by a remote actor's handler whose type was not registered
/// for the wire (see pykka/remote/wire.hpp): it carries the remote type's name and its text, and
/// what() reads "Type: text".
class RemoteError : public Error {
 public:
  /// Creates the error from the remote exception's type name and text.
  RemoteError(std::string remote_type, std::string text)
      : Error(remote_type + ": " + text),
        remote_type_(std::move(remote_type)),
        text_(std::move(text)) {}
  /// Returns the remote exception's type name, e.g. "std::runtime_error".
  [[nodiscard]] const std::string& remote_type() const noexcept { return remote_type_; }
  /// Returns the remote exception's what() text.
  [[nodiscard]] const std::string& text() const noexcept { return text_; }

 private:
  std::string remote_type_;
  std::string text_;
};

/// Throw from an actor to stop every running actor: pykka's analogue of Python's
/// KeyboardInterrupt/SystemExit reaching an actor.
///
/// When a handler or hook throws SystemExit, the actor logs it at DEBUG
/// ("SystemExit('reason') in {actor}. Stopping all actors."), stops itself, and then stops every
/// other registered actor, last started first. on_stop runs when it came from a message handler
/// (on_receive or a proxy call), not when it came from on_start, on_stop or on_failure. A caller
/// waiting on the reply receives the SystemExit itself. It intentionally does not derive from
/// std::exception.
/// @code
///   pykka::Message on_receive(pykka::Message& m) override {
///     if (m.is<Quit>()) throw pykka::SystemExit("user quit");
///     return {};
///   }
/// @endcode
class SystemExit {
 public:
  /// Creates the request with an optional human-readable reason.
  explicit SystemExit(std::string reason = {}) : reason_(std::move(reason)) {}
  /// Returns the reason given at construction.
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

 private:
  std::string reason_;
};

}  // namespace pykka
