#pragma once

// An actor's inbox: many producers, one consumer (the actor's context). Not API.
//
// Contract: push may be called from any thread; pop_wait/try_pop only from the consumer.
// close() is called once by the consumer: every push after it fails (returns false and leaves
// the envelope with the caller), and it returns every envelope still queued, in order. That
// hand-off is atomic with respect to push, so no envelope is ever stranded in a closed mailbox.
//
// Ordering: envelopes pushed by one thread are popped in the order they were pushed; a push
// happens-before the pop that returns it.
//
// Implementation: a lock-free MPSC linked queue (a producer links its node with one CAS on the
// head; the consumer follows the links from a dummy node, and each consumed node becomes the next
// dummy). Nodes are recycled through per-thread caches, so
// a steady stream of messages allocates nothing beyond what a message itself needs. An empty
// mailbox makes the consumer spin for a bounded, adaptive time, then park on a futex; producers
// wake it only when it parked. Closing swaps a marker into the head, which fails every later
// push atomically.

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

class Mailbox {
 public:
  Mailbox() noexcept;
  ~Mailbox();
  Mailbox(const Mailbox&) = delete;
  Mailbox& operator=(const Mailbox&) = delete;

  /// Enqueues the envelope (moving from it) and returns true; returns false, leaving its value
  /// with the caller, if the mailbox is closed. Never blocks; throws std::bad_alloc only when a
  /// node cannot be allocated.
  bool push(Envelope& envelope);

  /// Blocks until an envelope is available and returns it. Consumer only.
  Envelope pop_wait();

  /// Moves the next envelope into `out` and returns true, or returns false at once if none is
  /// ready. Consumer only.
  bool try_pop(Envelope& out);

  /// Closes the mailbox and returns whatever was still queued. Consumer only, once.
  std::vector<Envelope> close();

  /// Returns the number of queued envelopes (a snapshot; may be stale by the time it returns).
  [[nodiscard]] std::size_t size() const noexcept;

 private:
  MailboxNode* allocate();
  void recycle(MailboxNode* node) noexcept;
  void release(MailboxNode* node) noexcept;
  void hand_back(std::size_t keep_at_most) noexcept;
  MailboxNode* take() noexcept;
  MailboxNode* wait_for_node() noexcept;
  Envelope unwrap(MailboxNode* node) noexcept;

  static constexpr std::size_t kLine = 64;

  // Producers' side. head_ is the last linked node (or the closed marker).
  alignas(kLine) std::atomic<MailboxLink*> head_;
  std::atomic<std::size_t> pushed_{0};
  std::atomic<std::uint32_t> sleeping_{0};  // 1 while the consumer is (about to be) parked
  // Recycled nodes the consumer hands back to producers of this mailbox (a null-terminated list).
  std::atomic<MailboxLink*> spare_{nullptr};

  // The consumer's side.
  alignas(kLine) MailboxLink* tail_;  // consumer only: the dummy before the next message
  std::atomic<std::size_t> popped_{0};
  std::int64_t spin_budget_ns_ = 10'000;  // consumer only
  std::size_t spare_batches_ = 0;         // consumer only: batches it put on spare_
  MailboxLink sentinel_;
};

}  // namespace pykka::detail
