// The testing chapter of Pykka's docs, in C++: a ProducerActor wired to a mocked consumer
// (GoogleMock standing in for unittest.mock), driven through a proxy.
//
// The pattern: (1) start the actor with its collaborators, mocked; (2) ask or tell it something;
// (3) assert on replies and on what the mocks received; (4) stop it in the teardown.

#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

#include "support/event.hpp"
#include "support/runtimes.hpp"

namespace {

using pykka::testing::kWaitLimit;

// Pykka's example produces {"item": 1, "new": True}.
struct Item {
  int item = 0;
  bool is_new = false;
  bool operator==(const Item&) const = default;
};

class Consumer {
 public:
  virtual ~Consumer() = default;
  virtual void consume(const Item& item) = 0;
};

class MockConsumer : public Consumer {
 public:
  MOCK_METHOD(void, consume, (const Item& item), (override));
};

template <class Base>
class ProducerActor : public Base {
 public:
  explicit ProducerActor(std::shared_ptr<Consumer> consumer) : consumer_(std::move(consumer)) {}

  void produce() { consumer_->consume(Item{1, true}); }

 private:
  std::shared_ptr<Consumer> consumer_;
};

template <class Runtime>
class ProducerActorTest : public ::testing::Test {
 protected:
  using ProducerType = ProducerActor<typename Runtime::ActorBase>;

  // Step 1: the actor under test is started with its dependency replaced by a mock.
  void SetUp() override { producer_ = pykka::start<ProducerType>(consumer_).proxy(); }

  // Step 4: the actor is stopped to clean up before the next test.
  void TearDown() override { EXPECT_TRUE(producer_->actor_ref().stop(kWaitLimit)); }

  std::shared_ptr<MockConsumer> consumer_ = std::make_shared<MockConsumer>();
  std::optional<pykka::ActorProxy<ProducerType>> producer_;
};
TYPED_TEST_SUITE(ProducerActorTest, pykka::testing::Runtimes, pykka::testing::RuntimeNames);

TYPED_TEST(ProducerActorTest, ProduceHandsANewItemToTheConsumer) {
  using Producer = typename TestFixture::ProducerType;
  EXPECT_CALL(*this->consumer_, consume(Item{1, true})).Times(1);

  // Step 2: interact with the actor. Waiting on the future of the last call means the actor
  // has processed every message before we assert anything.
  this->producer_->call(&Producer::produce).get(kWaitLimit);

  // Step 3: assert that the mock received what it should have.
  EXPECT_TRUE(::testing::Mock::VerifyAndClearExpectations(this->consumer_.get()));
}

TYPED_TEST(ProducerActorTest, AConsumerFailureReachesTheCallerAndTheProducerKeepsRunning) {
  using Producer = typename TestFixture::ProducerType;
  EXPECT_CALL(*this->consumer_, consume(::testing::_))
      .WillOnce(::testing::Throw(std::runtime_error("consumer is full")))
      .WillOnce(::testing::Return());

  EXPECT_THROW(this->producer_->call(&Producer::produce).get(kWaitLimit), std::runtime_error);
  this->producer_->call(&Producer::produce).get(kWaitLimit);
  EXPECT_TRUE(this->producer_->actor_ref().is_alive());
  EXPECT_TRUE(::testing::Mock::VerifyAndClearExpectations(this->consumer_.get()));
}

}  // namespace
