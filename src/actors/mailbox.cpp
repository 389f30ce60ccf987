#include "pykka/detail/mailbox.hpp"

#include <algorithm>
#include <thread>
#include <utility>

namespace pykka::detail {

struct MailboxNode : MailboxLink {
  Envelope envelope;
};

namespace {

// A thread keeps free nodes for the messages it sends next (at most kCacheLimit, ~25 KiB). A
// consumer holding more than kSpillAbove hands batches of kSpillBatch back to the producers of
// the mailbox it drains, at most kMaxSpareBatches of them waiting, so a receive-only actor (one
// that answers asks through futures) does not make its askers allocate. An actor about to block
// keeps kIdleKeep nodes and hands the rest back the same way (or frees them), so an idle actor
// holds at most kIdleKeep + kMaxSpareBatches * kSpillBatch nodes (~7 KiB), none if it never had
// a backlog.
constexpr std::size_t kCacheLimit = 256;
constexpr std::size_t kSpillAbove = 64;
constexpr std::size_t kSpillBatch = 32;
constexpr std::size_t kMaxSpareBatches = 2;
constexpr std::size_t kIdleKeep = 8;
// On a thread that runs many actors, the messages a mailbox must have had before its producers
// get the thread's surplus nodes back when it goes idle.
constexpr std::size_t kBusyMailbox = 64;

// Swapped into head_ by close(); never part of the chain.
MailboxLink* closed_marker() noexcept {
  static MailboxLink marker;
  return &marker;
}

void delete_chain(MailboxLink* link) noexcept {
  while (link != nullptr) {
    MailboxLink* next = link->next.load(std::memory_order_relaxed);
    delete static_cast<MailboxNode*>(link);
    link = next;
  }
}

// Free nodes owned by one thread. Trivially destructible on purpose, so it stays usable (as
// "closed") after the thread's exit-time destructors ran: a destructor that sends a message
// then simply allocates.
struct NodeCache {
  MailboxLink* head;
  std::size_t count;
  bool armed;   // the reaper below is registered for this thread
  bool closed;  // the thread is exiting: bypass the cache
  bool shared;  // the thread consumes many mailboxes (Mailbox::consume_many_on_this_thread)

  MailboxNode* pop() noexcept {
    MailboxLink* link = head;
    if (link == nullptr) return nullptr;
    head = link->next.load(std::memory_order_relaxed);
    --count;
    return static_cast<MailboxNode*>(link);
  }
  void push(MailboxLink* link) noexcept {
    link->next.store(head, std::memory_order_relaxed);
    head = link;
    ++count;
  }
  // Detaches the first n nodes (0 < n <= count) as a null-terminated chain; stores its last
  // node in *tail if asked.
  MailboxLink* detach(std::size_t n, MailboxLink** tail = nullptr) noexcept {
    MailboxLink* first = head;
    MailboxLink* last = head;
    for (std::size_t i = 1; i < n; ++i) last = last->next.load(std::memory_order_relaxed);
    head = last->next.load(std::memory_order_relaxed);
    last->next.store(nullptr, std::memory_order_relaxed);
    count -= n;
    if (tail != nullptr) *tail = last;
    return first;
  }
};

thread_local NodeCache t_cache{nullptr, 0, false, false, false};

struct CacheReaper {
  CacheReaper() = default;
  CacheReaper(const CacheReaper&) = delete;
  CacheReaper& operator=(const CacheReaper&) = delete;
  ~CacheReaper() {
    delete_chain(t_cache.head);
    t_cache = NodeCache{nullptr, 0, true, true, t_cache.shared};
  }
  bool registered = false;
};

thread_local CacheReaper t_reaper;

void arm_cache() noexcept {
  if (!t_cache.armed) {
    t_reaper.registered = true;  // first use constructs it, registering its destructor
    t_cache.armed = true;
  }
}

void adopt_chain(MailboxLink* chain) noexcept {
  while (chain != nullptr) {
    MailboxLink* next = chain->next.load(std::memory_order_relaxed);
    t_cache.push(chain);
    chain = next;
  }
}

}  // namespace

Mailbox::Mailbox() noexcept : head_(&sentinel_), tail_(&sentinel_) {}

Mailbox::~Mailbox() {
  // No producer can be running: whoever destroys the mailbox held the last reference to it.
  // The dummy at tail_ is a node of ours unless it is still the sentinel (always the first).
  delete_chain(tail_ == &sentinel_ ? sentinel_.next.load(std::memory_order_acquire) : tail_);
  delete_chain(spare_.load(std::memory_order_acquire));
}

MailboxNode* Mailbox::allocate() {
  if (MailboxNode* node = t_cache.pop()) return node;
  if (!t_cache.closed) {
    if (MailboxLink* chain = spare_.exchange(nullptr, std::memory_order_acquire)) {
      arm_cache();
      adopt_chain(chain);
      return t_cache.pop();
    }
  }
  return new MailboxNode();
}

void Mailbox::recycle(MailboxNode* node) noexcept {
  if (t_cache.closed) {
    delete node;
    return;
  }
  arm_cache();
  t_cache.push(node);
  if (t_cache.count > kCacheLimit) delete_chain(t_cache.detach(t_cache.count - kCacheLimit));
}

void Mailbox::release(MailboxNode* node) noexcept {
  recycle(node);
  if (t_cache.count > kSpillAbove) hand_back(kSpillBatch);
}

void Mailbox::hand_back(std::size_t keep_at_most) noexcept {
  // The spare stack is pushed to only by the consumer and emptied whole (exchange) by
  // producers, so it has no ABA problem.
  while (t_cache.count > keep_at_most) {
    const std::size_t size = std::min(kSpillBatch, t_cache.count - keep_at_most);
    MailboxLink* last = nullptr;
    MailboxLink* batch = t_cache.detach(size, &last);
    MailboxLink* top = spare_.load(std::memory_order_relaxed);
    if (top == nullptr) spare_batches_ = 0;  // producers took all of it
    if (spare_batches_ >= kMaxSpareBatches) {
      delete_chain(batch);  // they have plenty
      continue;
    }
    do {
      last->next.store(top, std::memory_order_relaxed);
    } while (!spare_.compare_exchange_weak(top, batch, std::memory_order_release,
                                           std::memory_order_relaxed));
    ++spare_batches_;
  }
}

PushResult Mailbox::push(Envelope& envelope) {
  if (head_.load(std::memory_order_relaxed) == closed_marker()) return PushResult::Kind::closed;
  MailboxNode* node = allocate();
  node->envelope = std::move(envelope);
  node->next.store(nullptr, std::memory_order_relaxed);
  MailboxLink* prev = head_.load(std::memory_order_relaxed);
  do {
    if (prev == closed_marker()) {
      envelope = std::move(node->envelope);
      recycle(node);
      return PushResult::Kind::closed;
    }
  } while (!head_.compare_exchange_weak(prev, node, std::memory_order_seq_cst,
                                        std::memory_order_relaxed));
  pushed_.fetch_add(1, std::memory_order_relaxed);
  // `prev` cannot have been recycled: the consumer recycles a node only once its next is set.
  // An ABA on head_ is harmless: the CAS only needs `prev` to be the last node at that moment.
  prev->next.store(node, std::memory_order_release);
  // Pairs with try_block: our CAS precedes this load in the seq_cst order, so a consumer that
  // saw no new head_ before blocking has its blocked_ = 1 visible here. The exchange makes
  // exactly one producer the one that reports it.
  if (blocked_.load(std::memory_order_seq_cst) != 0 &&
      blocked_.exchange(0, std::memory_order_seq_cst) != 0) {
    return PushResult::Kind::unblocked;
  }
  return PushResult::Kind::queued;
}

// tail_ is a dummy whose envelope was already taken; the next message is in its successor.
MailboxNode* Mailbox::take() const noexcept {
  return static_cast<MailboxNode*>(tail_->next.load(std::memory_order_acquire));
}

Envelope Mailbox::unwrap(MailboxNode* node) noexcept {
  // A backlog's nodes were written on the producer's core: fetch the next one while this
  // message is being handled.
  if (MailboxLink* after = node->next.load(std::memory_order_relaxed)) {
    __builtin_prefetch(after);
    __builtin_prefetch(reinterpret_cast<const char*>(after) + 64);
  }
  Envelope envelope{std::move(node->envelope.message), std::move(node->envelope.reply_to)};
  // `node` becomes the dummy; the old dummy has a successor, so no producer touches it any more.
  MailboxLink* old = std::exchange(tail_, node);
  if (old != &sentinel_) release(static_cast<MailboxNode*>(old));
  popped_.store(popped_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  return envelope;
}

bool Mailbox::has_message() const noexcept { return take() != nullptr; }

void Mailbox::consume_many_on_this_thread() noexcept { t_cache.shared = true; }

bool Mailbox::try_block() noexcept {
  if (take() != nullptr) return false;
  // Going idle, give the dummy back: swing head_ from it to the sentinel, as a producer would
  // link a node. Winning that CAS means no producer linked after the dummy, and none can any
  // more (a producer's CAS needs its `prev` to be head_), so the dummy is ours to recycle and the
  // sentinel is the new dummy. Losing it means a push is under way: not empty after all. The
  // sentinel is never in the chain twice: it is swapped in only once it is behind tail_.
  if (tail_ != &sentinel_) {
    MailboxLink* dummy = tail_;
    sentinel_.next.store(nullptr, std::memory_order_relaxed);
    if (!head_.compare_exchange_strong(dummy, &sentinel_, std::memory_order_seq_cst,
                                       std::memory_order_relaxed)) {
      return false;
    }
    tail_ = &sentinel_;
    recycle(static_cast<MailboxNode*>(dummy));
  }
  // An idle actor should not sit on much node memory either. On a thread of its own, the
  // surplus of the thread's cache goes back to this mailbox's producers (who would otherwise
  // allocate for their next sends) or is freed. A thread that runs many actors hands its surplus
  // only to a mailbox that has been busy: its producers are likely to send again, while a
  // million actors that got one message each must not each keep a spare node.
  if (!t_cache.closed &&
      (!t_cache.shared || popped_.load(std::memory_order_relaxed) >= kBusyMailbox)) {
    hand_back(kIdleKeep);
  }
  // Dekker-style hand-shake with push(), all seq_cst: we publish blocked_ = 1, then look at
  // head_; a producer swings head_, then looks at blocked_. One of us sees the other, so no
  // producer goes on without unblocking a consumer that stays blocked.
  blocked_.store(1, std::memory_order_seq_cst);
  // A non-null successor, or a producer that won its CAS but has not linked its node yet (it
  // does so right away): not empty after all.
  if (take() == nullptr && head_.load(std::memory_order_seq_cst) == tail_) return true;
  // Take the block back, unless a producer saw it first: that producer now reports it, and the
  // runtime will be told, so the consumer must behave as blocked.
  return blocked_.exchange(0, std::memory_order_seq_cst) == 0;
}

bool Mailbox::try_pop(Envelope& out) {
  MailboxNode* node = take();
  if (node == nullptr) return false;
  out = unwrap(node);
  return true;
}

std::vector<Envelope> Mailbox::close() {
  // After this exchange every push fails; every push that won its CAS before it is in the chain
  // after tail_, up to `last`, possibly not linked yet.
  MailboxLink* last = head_.exchange(closed_marker(), std::memory_order_seq_cst);
  std::vector<Envelope> rest;
  if (last == closed_marker()) return rest;
  rest.reserve(size());
  while (tail_ != last) {
    MailboxLink* next = nullptr;
    // A producer that won its CAS links its node right after; wait for it.
    while ((next = tail_->next.load(std::memory_order_acquire)) == nullptr) {
      std::this_thread::yield();
    }
    rest.push_back(unwrap(static_cast<MailboxNode*>(next)));
  }
  return rest;
}

std::size_t Mailbox::size() const noexcept {
  const std::size_t popped = popped_.load(std::memory_order_relaxed);
  const std::size_t pushed = pushed_.load(std::memory_order_relaxed);
  return pushed > popped ? pushed - popped : 0;
}

}  // namespace pykka::detail
