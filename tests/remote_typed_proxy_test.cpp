// pykka::remote::RemoteProxy: the typed proxy of an actor on another node — member-pointer calls,
// deferred calls and field access that travel as name-based proxy messages.

#include <chrono>
#include <sstream>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>
#include <pykka/remote.hpp>

#include "support/remote_fixture.hpp"

namespace {

using namespace std::chrono_literals;
using pykka::testing::kWaitLimit;
using RemoteTypedProxy = pykka::testing::RemoteFixture;

class Calculator : public pykka::ThreadingActor {
 public:
  int add(int a, int b) {
    last_result = a + b;
    return last_result;
  }
  std::string describe(std::string_view prefix) const {
    return std::string(prefix) + label + " " + std::to_string(last_result);
  }
  void reset() { last_result = 0; }
  int divide(int a, int b) {
    if (b == 0) throw std::domain_error("division by zero");
    return a / b;
  }
  int unpublished() { return 7; }

  std::string label = "calculator";
  int last_result = 0;
  PYKKA_MEMBERS(Calculator, add, describe, reset, divide, label, last_result)
};

TEST_F(RemoteTypedProxy, CallsAMethodAndReturnsAFutureOfItsResult) {
  a_->expose(system_.start<Calculator>(), "calculator");
  auto calculator = pykka::remote::proxy<Calculator>(b_->lookup("calculator", "node-a"));
  pykka::Future<int> sum = calculator.call(&Calculator::add, 1, 3);
  EXPECT_EQ(sum.get(kWaitLimit), 4);
  EXPECT_EQ(calculator.call(&Calculator::describe, "the ").get(kWaitLimit), "the calculator 4");
}

TEST_F(RemoteTypedProxy, ReadsAndAssignsAField) {
  a_->expose(system_.start<Calculator>(), "calculator");
  auto calculator = pykka::remote::proxy<Calculator>(b_->lookup("calculator", "node-a"));
  EXPECT_EQ(calculator.get(&Calculator::label).get(kWaitLimit), "calculator");
  calculator.set(&Calculator::label, "renamed", kWaitLimit);
  calculator.set(&Calculator::last_result, 41);
  EXPECT_EQ(calculator.get(&Calculator::label).get(kWaitLimit), "renamed");
  EXPECT_EQ(calculator.get(&Calculator::last_result).get(kWaitLimit), 41);
}

TEST_F(RemoteTypedProxy, DefersACallThatIsHandledInOrderWithLaterCalls) {
  a_->expose(system_.start<Calculator>(), "calculator");
  auto calculator = pykka::remote::proxy<Calculator>(b_->lookup("calculator", "node-a"));
  EXPECT_EQ(calculator.call(&Calculator::add, 20, 22).get(kWaitLimit), 42);
  calculator.defer(&Calculator::reset);
  EXPECT_EQ(calculator.get(&Calculator::last_result).get(kWaitLimit), 0);
}

TEST_F(RemoteTypedProxy, AVoidMethodGivesAFutureOfVoid) {
  a_->expose(system_.start<Calculator>(), "calculator");
  auto calculator = pykka::remote::proxy<Calculator>(b_->lookup("calculator", "node-a"));
  (void)calculator.call(&Calculator::add, 2, 2).get(kWaitLimit);
  pykka::Future<void> done = calculator.call(&Calculator::reset);
  done.get(kWaitLimit);
  EXPECT_EQ(calculator.get(&Calculator::last_result).get(kWaitLimit), 0);
}

TEST_F(RemoteTypedProxy, AnExceptionThrownByTheMethodLandsInTheFutureAndTheActorLivesOn) {
  auto served = system_.start<Calculator>();
  a_->expose(served, "calculator");
  auto calculator = pykka::remote::proxy<Calculator>(b_->lookup("calculator", "node-a"));
  auto failed = calculator.call(&Calculator::divide, 1, 0);
  try {
    (void)failed.get(kWaitLimit);
    ADD_FAILURE() << "the division by zero did not reach the caller";
  } catch (const pykka::RemoteError& error) {
    EXPECT_NE(std::string(error.what()).find("division by zero"), std::string::npos)
        << error.what();
  }
  EXPECT_EQ(calculator.call(&Calculator::divide, 9, 3).get(kWaitLimit), 3);
  EXPECT_TRUE(served.is_alive());
}

TEST_F(RemoteTypedProxy, AMemberTheClassDoesNotPublishThrowsAttributeErrorBeforeAnythingIsSent) {
  // Nobody serves this address: an ask would fail with ActorDeadError, so AttributeError shows
  // that the check came first.
  auto calculator = pykka::remote::proxy<Calculator>(b_->lookup("nobody", "node-a"));
  EXPECT_THROW((void)calculator.call(&Calculator::unpublished), pykka::AttributeError);
  EXPECT_THROW(calculator.defer(&Calculator::unpublished), pykka::AttributeError);
}

TEST_F(RemoteTypedProxy, ACallToAnActorNobodyServesFailsWithActorDeadError) {
  auto calculator = pykka::remote::proxy<Calculator>(b_->lookup("nobody", "node-a"));
  auto sum = calculator.call(&Calculator::add, 1, 2);
  EXPECT_THROW((void)sum.get(kWaitLimit), pykka::ActorDeadError);
}

TEST_F(RemoteTypedProxy, PrintsAndComparesAsTheRemoteRefUnderneath) {
  auto ref = b_->lookup("calculator", "node-a");
  auto calculator = pykka::remote::proxy<Calculator>(ref);
  std::ostringstream text;
  text << calculator;
  std::ostringstream ref_text;
  ref_text << ref;
  EXPECT_EQ(text.str(), "<RemoteProxy for " + ref_text.str() + ">");
  EXPECT_EQ(calculator, pykka::remote::proxy<Calculator>(b_->lookup("calculator", "node-a")));
  EXPECT_EQ(calculator.ref(), ref);
}

}  // namespace
