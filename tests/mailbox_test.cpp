// The actor inbox: order, close() hand-back, concurrent producers, blocking and unblocking.

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/detail/mailbox.hpp>

#include "support/event.hpp"

namespace {

using pykka::detail::Envelope;
using pykka::detail::Mailbox;

struct Tagged {
  int producer;
  int sequence;
};

Envelope envelope_of(pykka::Message message) { return Envelope{std::move(message), nullptr}; }

// Pushes `value` and expects success.
void push_ok(Mailbox& mailbox, pykka::Message value) {
  Envelope envelope = envelope_of(std::move(value));
  ASSERT_TRUE(mailbox.push(envelope));
}

// Waits for the next envelope the way a runtime would: blocks the mailbox when it is empty and
// waits (yielding, never sleeping) until a push unblocks it. Counts the blocks in `blocks`.
Envelope pop_wait(Mailbox& mailbox, int* blocks = nullptr) {
  Envelope out;
  while (!mailbox.try_pop(out)) {
    if (!mailbox.try_block()) continue;
    if (blocks != nullptr) ++*blocks;
    while (mailbox.blocked()) std::this_thread::yield();
  }
  return out;
}

// Busy-waits for about `duration` (to let a consumer run out of spinning), never sleeping.
void busy_for(std::chrono::nanoseconds duration) {
  const auto end = std::chrono::steady_clock::now() + duration;
  while (std::chrono::steady_clock::now() < end) std::this_thread::yield();
}

class NoopTarget final : public pykka::detail::ReplyTarget {
 public:
  NoopTarget() = default;
  NoopTarget(const NoopTarget&) = delete;
  NoopTarget& operator=(const NoopTarget&) = delete;
  virtual ~NoopTarget() = default;
  void set_reply(pykka::Message&& /*reply*/) noexcept override {}
  void set_reply_exception(std::exception_ptr /*error*/) noexcept override {}
};

TEST(MailboxOrder, PopsEnvelopesInTheOrderOneProducerPushedThem) {
  Mailbox mailbox;
  for (int i = 0; i < 200; ++i) push_ok(mailbox, i);
  for (int i = 0; i < 200; ++i) EXPECT_EQ(pop_wait(mailbox).message.as<int>(), i);
}

TEST(MailboxOrder, KeepsTheReplyTargetAndMoveOnlyValues) {
  Mailbox mailbox;
  auto target = std::make_shared<NoopTarget>();
  Envelope envelope{pykka::Message(std::make_unique<int>(7)), target};
  ASSERT_TRUE(mailbox.push(envelope));
  Envelope popped = pop_wait(mailbox);
  EXPECT_EQ(*popped.message.as<std::unique_ptr<int>>(), 7);
  EXPECT_EQ(popped.reply_to, target);
}

TEST(MailboxTryPop, ReturnsFalseOnAnEmptyMailboxAndTheEnvelopeOtherwise) {
  Mailbox mailbox;
  Envelope out;
  EXPECT_FALSE(mailbox.try_pop(out));
  push_ok(mailbox, 5);
  ASSERT_TRUE(mailbox.try_pop(out));
  EXPECT_EQ(out.message.as<int>(), 5);
  EXPECT_FALSE(mailbox.try_pop(out));
}

TEST(MailboxSize, CountsQueuedEnvelopes) {
  Mailbox mailbox;
  EXPECT_EQ(mailbox.size(), 0U);
  push_ok(mailbox, 1);
  push_ok(mailbox, 2);
  EXPECT_EQ(mailbox.size(), 2U);
  (void)pop_wait(mailbox);
  EXPECT_EQ(mailbox.size(), 1U);
}

TEST(MailboxClose, HandsBackEverythingStillQueuedInOrder) {
  Mailbox mailbox;
  for (int i = 0; i < 5; ++i) push_ok(mailbox, i);
  (void)pop_wait(mailbox);
  std::vector<Envelope> rest = mailbox.close();
  ASSERT_EQ(rest.size(), 4U);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(rest[static_cast<std::size_t>(i)].message.as<int>(), i + 1);
}

TEST(MailboxClose, FailsLaterPushesAndLeavesTheEnvelopeWithTheCaller) {
  Mailbox mailbox;
  EXPECT_TRUE(mailbox.close().empty());
  auto target = std::make_shared<NoopTarget>();
  Envelope envelope{pykka::Message(std::string("kept")), target};
  EXPECT_FALSE(mailbox.push(envelope));
  EXPECT_EQ(envelope.message.as<std::string>(), "kept");
  EXPECT_EQ(envelope.reply_to, target);
}

TEST(MailboxClose, NeverStrandsAnEnvelopeThatRacingProducersPushed) {
  for (int round = 0; round < 50; ++round) {
    Mailbox mailbox;
    constexpr int kProducers = 3;
    std::atomic<int> accepted{0};
    std::atomic<int> refused{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> producers;
    for (int p = 0; p < kProducers; ++p) {
      producers.emplace_back([&] {
        while (!go.load()) std::this_thread::yield();
        for (int i = 0; i < 2000; ++i) {
          Envelope envelope = envelope_of(i);
          if (mailbox.push(envelope)) {
            accepted.fetch_add(1);
          } else {
            EXPECT_EQ(envelope.message.as<int>(), i);
            refused.fetch_add(1);
          }
        }
      });
    }
    go.store(true);
    int popped = 0;
    for (int i = 0; i < 100 + round * 20; ++i) {
      (void)pop_wait(mailbox);
      ++popped;
    }
    const int handed_back = static_cast<int>(mailbox.close().size());
    for (auto& producer : producers) producer.join();
    EXPECT_EQ(popped + handed_back, accepted.load());
    EXPECT_EQ(accepted.load() + refused.load(), kProducers * 2000);
  }
}

TEST(MailboxConcurrency, DeliversEveryEnvelopeOfManyProducersOnceAndInPerProducerOrder) {
  Mailbox mailbox;
  constexpr int kProducers = 4;
  constexpr int kEach = 20'000;
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&mailbox, p] {
      for (int i = 0; i < kEach; ++i) push_ok(mailbox, Tagged{p, i});
    });
  }
  std::vector<int> next(kProducers, 0);
  for (int n = 0; n < kProducers * kEach; ++n) {
    const Tagged tagged = pop_wait(mailbox).message.as<Tagged>();
    ASSERT_EQ(tagged.sequence, next[static_cast<std::size_t>(tagged.producer)]++);
  }
  for (auto& producer : producers) producer.join();
  Envelope out;
  EXPECT_FALSE(mailbox.try_pop(out));
}

TEST(MailboxBlocking, ReportsThePushThatFindsTheConsumerBlockedAsUnblocking) {
  Mailbox mailbox;
  ASSERT_TRUE(mailbox.try_block());
  EXPECT_TRUE(mailbox.blocked());
  Envelope first = envelope_of(1);
  EXPECT_TRUE(mailbox.push(first).unblocked());
  EXPECT_FALSE(mailbox.blocked());
  Envelope second = envelope_of(2);
  const auto pushed = mailbox.push(second);
  EXPECT_TRUE(pushed);
  EXPECT_FALSE(pushed.unblocked());
}

TEST(MailboxBlocking, RefusesToBlockWhileAnEnvelopeIsQueued) {
  Mailbox mailbox;
  push_ok(mailbox, 1);
  EXPECT_FALSE(mailbox.try_block());
  EXPECT_FALSE(mailbox.blocked());
  EXPECT_TRUE(mailbox.has_message());
}

TEST(MailboxBlocking, UnblocksEveryBlockExactlyOnceWhateverTheTiming) {
  // Each round gives the consumer a different head start, so pushes land while it checks, while
  // it blocks, and after it blocked; a lost unblocking would hang a round (bounded by wait()),
  // a doubled one would count twice.
  Mailbox mailbox;
  std::atomic<int> received{0};
  std::atomic<int> unblocks{0};
  int blocks = 0;
  pykka::testing::Event done;
  constexpr int kRounds = 300;
  std::thread consumer([&] {
    for (int i = 0; i < kRounds; ++i) {
      EXPECT_EQ(pop_wait(mailbox, &blocks).message.as<int>(), i);
      received.store(i + 1);
    }
    done.set();
  });
  for (int i = 0; i < kRounds; ++i) {
    while (received.load() != i) std::this_thread::yield();
    busy_for(std::chrono::microseconds((i % 30) * 5));
    Envelope envelope = envelope_of(i);
    const auto pushed = mailbox.push(envelope);
    ASSERT_TRUE(pushed);
    if (pushed.unblocked()) unblocks.fetch_add(1);
  }
  EXPECT_TRUE(done.wait());
  consumer.join();
  EXPECT_EQ(blocks, unblocks.load());
}

TEST(MailboxBlocking, LosesNothingWhenProducersPushWhileTheConsumerGivesItsDummyBack) {
  // Producers that pause between short bursts keep the consumer emptying the mailbox and
  // blocking, so pushes race with the block swapping the sentinel back in for the dummy.
  Mailbox mailbox;
  constexpr int kProducers = 3;
  constexpr int kEach = 6'000;
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&mailbox, p] {
      for (int i = 0; i < kEach; ++i) {
        push_ok(mailbox, Tagged{p, i});
        if (i % (p + 2) == 0) std::this_thread::yield();
      }
    });
  }
  std::vector<int> next(kProducers, 0);
  int blocks = 0;
  for (int n = 0; n < kProducers * kEach; ++n) {
    const Tagged tagged = pop_wait(mailbox, &blocks).message.as<Tagged>();
    ASSERT_EQ(tagged.sequence, next[static_cast<std::size_t>(tagged.producer)]++);
  }
  for (auto& producer : producers) producer.join();
  EXPECT_GT(blocks, 0);
  Envelope out;
  EXPECT_FALSE(mailbox.try_pop(out));
}

TEST(MailboxBlocking, KeepsOrderAndClosesCleanlyAfterManyBlocks) {
  Mailbox mailbox;
  for (int round = 0; round < 50; ++round) {
    push_ok(mailbox, round);
    EXPECT_EQ(pop_wait(mailbox).message.as<int>(), round);
    ASSERT_TRUE(mailbox.try_block());
    Envelope envelope = envelope_of(-1);
    ASSERT_TRUE(mailbox.push(envelope).unblocked());
    EXPECT_EQ(pop_wait(mailbox).message.as<int>(), -1);
  }
  push_ok(mailbox, 1);
  push_ok(mailbox, 2);
  const auto rest = mailbox.close();
  ASSERT_EQ(rest.size(), 2U);
  EXPECT_EQ(rest[0].message.as<int>(), 1);
  EXPECT_EQ(rest[1].message.as<int>(), 2);
}

TEST(MailboxRecycling, KeepsWorkingWhenProducerThreadsComeAndGo) {
  Mailbox mailbox;
  for (int round = 0; round < 20; ++round) {
    std::thread producer([&] {
      for (int i = 0; i < 500; ++i) push_ok(mailbox, i);
    });
    for (int i = 0; i < 500; ++i) EXPECT_EQ(pop_wait(mailbox).message.as<int>(), i);
    producer.join();
  }
}

}  // namespace
