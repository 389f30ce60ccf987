#pragma once

// ActorCell: the control block shared by an actor and every ActorRef to it. Not API.
//
// It owns the actor object, its mailbox and its identity, knows its actor system and runtime,
// and implements the runtime-independent actor loop in three phases, which a runtime drives on
// the actor's context through run() and finish() (see pykka/runtime.hpp):
//   setup     on_start, on the first run() (if it fails, the actor is stopped at once)
//   running   one message at a time, up to a budget per run(), while the actor is not stopped
//   teardown  finish(): close the mailbox, answer what is left, destroy the actor object
// Sending (tell/ask) is thread-safe and lock-free with respect to the actor loop except for the
// mailbox's own synchronisation; the send that finds the actor blocked tells its runtime.

#include <array>
#include <atomic>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <type_traits>
#include <typeinfo>

#include "pykka/detail/actor_resume.hpp"
#include "pykka/detail/mailbox.hpp"
#include "pykka/errors.hpp"
#include "pykka/fwd.hpp"
#include "pykka/message.hpp"
#include "pykka/runtime.hpp"

namespace pykka::detail {

/// Internal stop request; the reply (for ask) is "stopped".
struct StopRequest {};

struct MemberTable;
class SystemCore;
class WatchState;

/// Remembers ActorCell::is_instance_of answers for one actor class, one per queried class, so
/// that the exception computing an answer is thrown once per pair and not on every lookup.
/// Thread-safe and lock-free: a slot goes once from empty to the queried class's type_info
/// address with the answer in its low bit, so whoever reads a slot reads its answer with it.
/// When every slot is taken, further answers are computed each time instead of kept.
class InstanceOfCache {
 public:
  /// Returns the answer remembered for `base`, or remembers and returns `compute()`.
  template <class Compute>
  bool lookup(const std::type_info& base, Compute&& compute) const noexcept {
    static_assert(alignof(std::type_info) > 1, "the answer is kept in the address's low bit");
    const auto key = reinterpret_cast<std::uintptr_t>(&base);
    int answer = -1;  // not computed yet
    for (auto& slot : slots_) {
      std::uintptr_t entry = slot.load(std::memory_order_acquire);
      if (entry == 0) {
        if (answer < 0) answer = compute() ? 1 : 0;
        const std::uintptr_t fresh = key | static_cast<std::uintptr_t>(answer);
        if (slot.compare_exchange_strong(entry, fresh, std::memory_order_acq_rel,
                                         std::memory_order_acquire)) {
          return answer == 1;
        }
        // Another thread filled the slot first; `entry` now holds what it stored.
      }
      if ((entry & ~kAnswerBit) == key) return (entry & kAnswerBit) != 0;
    }
    return answer < 0 ? compute() : answer == 1;
  }

 private:
  static constexpr std::uintptr_t kAnswerBit = 1;
  mutable std::array<std::atomic<std::uintptr_t>, 16> slots_{};  // 0: empty
};

/// Identity of an actor class: one per class, made on its first start and never freed (actors
/// still running at process exit keep using it).
struct ActorClassInfo {
  const std::type_info* type;
  std::string name;            // unqualified, e.g. "Greeter"
  std::string qualified_name;  // e.g. "app::Greeter"
  void (*throw_pointer)();     // throws a null pointer of the actor class (see is_instance_of)
  const MemberTable* members = nullptr;  // published members (pykka/members.hpp), or null
  InstanceOfCache instance_of{};         // answers of is_instance_of, filled in on demand
};

class ActorCell : public std::enable_shared_from_this<ActorCell> {
 public:
  /// A cell of `system`, run by `runtime` (which `system` owns).
  ActorCell(const ActorClassInfo& info, std::shared_ptr<SystemCore> system, Runtime& runtime);
  ~ActorCell();
  ActorCell(const ActorCell&) = delete;
  ActorCell& operator=(const ActorCell&) = delete;

  [[nodiscard]] const std::string& urn() const noexcept { return urn_; }
  [[nodiscard]] const std::string& class_name() const noexcept { return info_.name; }
  [[nodiscard]] const std::string& qualified_class_name() const noexcept {
    return info_.qualified_name;
  }
  [[nodiscard]] const std::type_info& actor_type() const noexcept { return *info_.type; }
  /// The actor class's published members, or null if it publishes none.
  [[nodiscard]] const MemberTable* member_table() const noexcept { return info_.members; }
  /// "Class (urn:uuid:…)", the way actors are printed everywhere.
  [[nodiscard]] std::string display() const;

  [[nodiscard]] bool is_alive() const noexcept { return !stopped_.load(std::memory_order_acquire); }

  /// Returns true if the actor's class is B or derives from it (works after death too).
  template <class B>
  [[nodiscard]] bool is_instance_of() const noexcept {
    if constexpr (std::is_same_v<B, Actor>) {
      return true;  // every actor class derives from Actor
    } else {
      // A null pointer thrown as the actor's class is caught by a handler for any unambiguous
      // public base, which is exactly "derives from"; no live object is needed. Throwing is
      // slow (microseconds), so each answer is computed once per class and remembered.
      return info_.instance_of.lookup(typeid(B), [this]() noexcept {
        try {
          info_.throw_pointer();
        } catch (B*) {
          return true;
        } catch (...) {
          return false;
        }
        return false;
      });
    }
  }

  /// Enqueues a message; throws ActorDeadError("{actor} not found") if the actor is dead.
  void tell(Message&& message);
  /// Enqueues a message whose reply goes to `reply`; a dead actor sets ActorDeadError there.
  void ask(Message&& message, std::shared_ptr<ReplyTarget> reply) noexcept;

  /// Resumes a coroutine that suspended in one of this actor's handlers, as a message in the
  /// mailbox; at once, with `gone` set, if the actor has stopped.
  void resume_coroutine(SuspendedInActor& suspended) noexcept;

  /// The actor object; only valid on the actor's context while the loop runs.
  [[nodiscard]] Actor& actor() const noexcept { return *actor_; }

  // --- used by pykka::start -----------------------------------------------------------------
  void adopt(std::unique_ptr<Actor> actor) noexcept;
  /// Marks an actor that will never run (its constructor threw, or the runtime could not launch
  /// it) dead, answers any ask already queued (e.g. through a ref its constructor handed out),
  /// and destroys the actor object. run_teardown ends with the same steps.
  void abandon() noexcept;

  /// The system the actor belongs to.
  [[nodiscard]] SystemCore& system() const noexcept { return *system_; }
  /// The runtime that runs the actor.
  [[nodiscard]] Runtime& runtime() const noexcept { return runtime_; }

  /// What the runtime keeps for this actor, if anything: set once by launch, before the actor
  /// can block, and kept alive with the cell (so schedule() always finds it).
  void set_runtime_data(std::shared_ptr<void> data) noexcept { runtime_data_ = std::move(data); }
  [[nodiscard]] void* runtime_data() const noexcept { return runtime_data_.get(); }

  // --- used by runtimes, on the actor's context (see pykka/runtime.hpp) ---------------------
  /// Runs on_start on the first call, then handles up to `budget` messages.
  [[nodiscard]] RunResult run(std::size_t budget) noexcept;
  /// Marks the actor blocked if its mailbox is empty (see Mailbox::try_block).
  [[nodiscard]] bool try_block() noexcept { return mailbox_.try_block(); }
  /// Tears the stopped actor down: closes the mailbox, answers what is left, destroys the
  /// actor object. Once, after run() returned finished.
  void finish() noexcept;
  [[nodiscard]] bool stopped() const noexcept { return !is_alive(); }
  [[nodiscard]] Mailbox& mailbox() noexcept { return mailbox_; }

  // --- death watch (src/actors/watch.cpp) ------------------------------------------------------
  /// Returns the cell's watch state, allocating it on first use (so cells nobody watches pay
  /// one null pointer). Once the cell is torn down, a shared "terminated" state stands in.
  [[nodiscard]] WatchState& watch_state();
  /// Returns the notice describing how the actor stopped; only after it was torn down.
  [[nodiscard]] Terminated terminated_notice() const;

  // --- children (src/actors/children.cpp) -----------------------------------------------------
  /// Throws pykka::Error unless called from this actor's own code while it is alive.
  void check_can_start_child() const;
  /// Records a child started by this actor (own context). Stops the child if that fails.
  void adopt_child(std::shared_ptr<ActorCell> child);
  /// Marks `parent` as the parent of the next cell created on this thread (null to clear).
  static void set_starting_parent(ActorCell* parent) noexcept;
  /// Takes the parent set by set_starting_parent, if any; called by start before the actor is
  /// registered, so the parent is fixed before anyone can look the child up.
  void adopt_parent() noexcept;
  /// Returns true if the actor was started by a parent that is still alive: stop_all and
  /// shutdown leave it to that parent, which stops its children before itself.
  [[nodiscard]] bool has_live_parent() const noexcept;

  /// Returns the cell whose handler is running on this thread, or null.
  [[nodiscard]] static ActorCell* current() noexcept;
  /// Makes `cell` the one whose handler runs on this thread; returns the previous one. For a
  /// runtime that switches a thread between actors' suspended stacks.
  static ActorCell* exchange_current(ActorCell* cell) noexcept;

  // --- used by Actor --------------------------------------------------------------------------
  /// Runs the default on_receive behaviour (the WARNING log record).
  void log_unexpected(const Message& message) const;
  /// Returns the cell a pykka::start call is constructing on this thread, clearing it.
  static ActorCell* take_constructing() noexcept;
  /// Marks `cell` as the one being constructed on this thread (null to clear).
  static void set_constructing(ActorCell* cell) noexcept;

 private:
  [[nodiscard]] bool run_setup() noexcept;
  void handle(Envelope&& envelope) noexcept;
  // Queues an envelope; false if the mailbox is closed. Tells the runtime when it unblocks.
  bool enqueue(Envelope& envelope);
  void resume_gone(SuspendedInActor& suspended) const noexcept;
  void stop_now() noexcept;
  void handle_failure(const std::exception_ptr& error) noexcept;
  void handle_system_exit(const std::exception_ptr& error) noexcept;
  void mark_stopped() noexcept;
  // Remembers why the actor stopped; the first reason recorded wins (an exception from on_stop
  // does not turn a stop into a failure).
  void record_termination(TerminationReason reason, const std::exception_ptr& error) noexcept;
  // Stops the children, last started first, waiting for each (own context; before on_stop or
  // on_failure).
  void stop_children() noexcept;
  // Tells the watchers and completes the termination future; last step of the teardown.
  void notify_terminated() noexcept;
  // Closes the mailbox and answers every queued ask (ActorDeadError; a queued stop: true).
  void answer_leftovers() noexcept;

  const ActorClassInfo& info_;  // lives as long as the process
  std::shared_ptr<SystemCore> system_;
  Runtime& runtime_;  // owned by system_
  std::shared_ptr<void> runtime_data_;
  bool started_ = false;  // the actor's context only: on_start has run
  std::string urn_;
  std::unique_ptr<Actor> actor_;  // touched only by start and the actor's own context
  std::atomic<bool> stopped_{false};
  Mailbox mailbox_;
  // Death watch, off the message path: null until someone watches (or the actor is torn down).
  std::atomic<WatchState*> watch_{nullptr};
  std::weak_ptr<ActorCell> parent_;    // set before registration, then read-only
  bool termination_recorded_ = false;  // the actor's context until teardown; then read-only
  TerminationReason termination_reason_{};
  std::exception_ptr termination_error_;
};

}  // namespace pykka::detail
