#pragma once

// An actor's inbox: many producers, one consumer (the actor's context). Not API.
//
// Contract: push may be called from any thread; try_pop, has_message, try_block and close only
// from the consumer (whichever context runs the actor at the moment, one at a time).
// close() is called once by the consumer: every push after it fails (returns false and leaves
// the envelope with the caller), and it returns every envelope still queued, in order. That
// hand-off is atomic with respect to push, so no envelope is ever stranded in a closed mailbox.
//
// Blocking is the runtime's business, not the mailbox's: the mailbox only records it. A consumer
// that found the mailbox empty calls try_block(); from then on the first push reports
// `unblocked` (to exactly one producer), and that producer tells the runtime the actor is
// runnable again (CAF's "unblocked reader"). The word behind blocked() is a plain 32-bit atomic
// a runtime may park a thread on: it is 1 while blocked, and the unblocking push stores 0
// before it reports.
//
// Ordering: envelopes pushed by one thread are popped in the order they were pushed; a push
// happens-before the pop that returns it, and the unblocking push happens-before whatever the
// runtime does after being told.
//
// Implementation: a lock-free MPSC linked queue (a producer links its node with one CAS on the
// head; the consumer follows the links from a dummy node, and each consumed node becomes the next
// dummy). Nodes are recycled through per-thread caches, so
// a steady stream of messages allocates nothing beyond what a message itself needs. Closing
// swaps a marker into the head, which fails every later push atomically.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "pykka/detail/reply_target.hpp"
#include "pykka/message.hpp"

namespace pykka::detail {

/// A message together with where its reply goes (empty for tell).
struct Envelope {
  Message message;
  std::shared_ptr<ReplyTarget> reply_to;
};

/// A link of the intrusive queue; every queued envelope lives in a node deriving from it.
struct MailboxLink {
  std::atomic<MailboxLink*> next{nullptr};
};

/// A queued envelope (defined in mailbox.cpp).
struct MailboxNode;

/// What a push did: converts to true if the envelope was queued.
class PushResult {
 public:
  enum class Kind : unsigned char { closed, queued, unblocked };
  constexpr PushResult(Kind kind) noexcept : kind_(kind) {}  // NOLINT(google-explicit-constructor)
  /// True if the envelope was queued (with or without unblocking the consumer).
  constexpr explicit operator bool() const noexcept { return kind_ != Kind::closed; }
  /// True if this push found the consumer blocked: the caller must tell the runtime.
  [[nodiscard]] constexpr bool unblocked() const noexcept { return kind_ == Kind::unblocked; }

 private:
  Kind kind_;
};

class Mailbox {
 public:
  Mailbox() noexcept;
  ~Mailbox();
  Mailbox(const Mailbox&) = delete;
  Mailbox& operator=(const Mailbox&) = delete;

  /// Enqueues the envelope (moving from it): `queued`, or `unblocked` if the consumer had
  /// blocked (see try_block). Returns `closed`, leaving its value with the caller, if the mailbox
  /// is closed. Never blocks; throws std::bad_alloc only when a node cannot be allocated.
  PushResult push(Envelope& envelope);

  /// Moves the next envelope into `out` and returns true, or returns false at once if none is
  /// ready. Consumer only.
  bool try_pop(Envelope& out);

  /// Returns true if try_pop would find an envelope. Consumer only; cheap enough to spin on.
  [[nodiscard]] bool has_message() const noexcept;

  /// Marks the consumer blocked if the mailbox is empty and returns true: the next push reports
  /// `unblocked`. Returns false if an envelope is (about to be) there: pop it instead. A blocked
  /// mailbox holds no node of its own (the dummy goes back to the cache, the embedded sentinel
  /// takes its place), and most of the thread's cached free nodes go back to this mailbox's
  /// producers or are freed, as an idle actor should not hold them (on a thread that runs many
  /// actors, only for a mailbox that has been busy). Consumer only, and not
  /// again until the unblocking push has been reported.
  [[nodiscard]] bool try_block() noexcept;

  /// Returns true while the consumer is blocked (between try_block and the unblocking push).
  [[nodiscard]] bool blocked() const noexcept {
    return blocked_.load(std::memory_order_acquire) != 0;
  }
  /// The word behind blocked(): 1 while blocked. A runtime may park a thread on it (futex); the
  /// unblocking push stores 0 and then reports, so the runtime wakes that thread afterwards.
  [[nodiscard]] const std::atomic<std::uint32_t>& blocked_word() const noexcept { return blocked_; }

  /// Closes the mailbox and returns whatever was still queued. Consumer only, once.
  std::vector<Envelope> close();

  /// Returns the number of queued envelopes (a snapshot; may be stale by the time it returns).
  [[nodiscard]] std::size_t size() const noexcept;

  /// Declares that the calling thread consumes many mailboxes in turn (a worker of a runtime
  /// that runs many actors per thread): its cache of free nodes is the thread's, so an actor
  /// that goes idle on it hands the cache's surplus to its own mailbox's producers only if that
  /// mailbox has been busy (a few dozen messages), not after every single message.
  static void consume_many_on_this_thread() noexcept;

 private:
  MailboxNode* allocate();
  void recycle(MailboxNode* node) noexcept;
  void release(MailboxNode* node) noexcept;
  void hand_back(std::size_t keep_at_most) noexcept;
  [[nodiscard]] MailboxNode* take() const noexcept;
  Envelope unwrap(MailboxNode* node) noexcept;

  static constexpr std::size_t kLine = 64;

  // The producers' fields and the consumer's are a cache line apart, so a producer's write never
  // invalidates the consumer's line and the other way round; the mailbox itself is not aligned
  // to a line, which would pad every actor cell (a million actors, 70 MB).
  // Producers' side. head_ is the last linked node (or the closed marker).
  std::atomic<MailboxLink*> head_;
  std::atomic<std::size_t> pushed_{0};
  std::atomic<std::uint32_t> blocked_{0};  // 1 while the consumer is blocked (try_block)
  // Recycled nodes the consumer hands back to producers of this mailbox (a null-terminated list).
  std::atomic<MailboxLink*> spare_{nullptr};

  [[maybe_unused]] char gap_[kLine]{};  // NOLINT(modernize-avoid-c-arrays)

  // The consumer's side.
  MailboxLink* tail_;  // consumer only: the dummy before the next message
  std::atomic<std::size_t> popped_{0};
  std::size_t spare_batches_ = 0;  // consumer only: batches it put on spare_
  MailboxLink sentinel_;
};

}  // namespace pykka::detail
