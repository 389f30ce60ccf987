// The exception types: one pykka::Error base, and SystemExit deliberately outside std::exception.

#include <exception>
#include <type_traits>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

namespace {

TEST(Errors, AllDeriveFromPykkaError) {
  EXPECT_TRUE((std::is_base_of_v<pykka::Error, pykka::ActorDeadError>));
  EXPECT_TRUE((std::is_base_of_v<pykka::Error, pykka::Timeout>));
  EXPECT_TRUE((std::is_base_of_v<pykka::Error, pykka::TypeError>));
  EXPECT_TRUE((std::is_base_of_v<pykka::Error, pykka::InvalidArgument>));
  EXPECT_TRUE((std::is_base_of_v<std::exception, pykka::Error>));
}

TEST(Errors, KeepTheirMessage) {
  const pykka::ActorDeadError error("Greeter (urn:uuid:x) not found");
  EXPECT_STREQ(error.what(), "Greeter (urn:uuid:x) not found");
}

TEST(Errors, SystemExitIsNotCaughtAsStdException) {
  EXPECT_FALSE((std::is_base_of_v<std::exception, pykka::SystemExit>));
  bool caught_as_std = false;
  bool caught_as_system_exit = false;
  try {
    try {
      throw pykka::SystemExit("bye");
    } catch (const std::exception&) {
      caught_as_std = true;
    }
  } catch (const pykka::SystemExit& exit) {
    caught_as_system_exit = exit.reason() == "bye";
  }
  EXPECT_FALSE(caught_as_std);
  EXPECT_TRUE(caught_as_system_exit);
}

}  // namespace
