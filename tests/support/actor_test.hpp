#pragma once

// A test fixture for tests that start actors.

#include <gtest/gtest.h>

#include <pykka/registry.hpp>

namespace pykka::testing {

/// Asks every actor still registered after the test to stop (without waiting), so an assertion
/// that ended a test early cannot leave non-daemon actors that keep the process from exiting.
class ActorTest : public ::testing::Test {
 protected:
  void TearDown() override { (void)ActorRegistry::stop_all(nonblocking); }
};

}  // namespace pykka::testing
