// pykka::Message: any value, move-only types included, with typed access and no allocation for
// small values.

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/pykka.hpp>

namespace {

struct Point {
  int x;
  int y;
};

struct Big {
  char bytes[256];
};

struct Printable {
  int value;
  friend std::ostream& operator<<(std::ostream& out, const Printable& p) {
    return out << "Printable(" << p.value << ")";
  }
};

TEST(Message, IsEmptyByDefaultLikePythonsNone) {
  pykka::Message message;
  EXPECT_FALSE(message.has_value());
  EXPECT_FALSE(message);
  EXPECT_EQ(message.to_string(), "None");
  EXPECT_EQ(message.type(), typeid(void));
}

TEST(Message, HoldsAValueOfAnyTypeWithTypedAccess) {
  pykka::Message message = Point{1, 2};
  EXPECT_TRUE(message.is<Point>());
  EXPECT_FALSE(message.is<int>());
  ASSERT_NE(message.get_if<Point>(), nullptr);
  EXPECT_EQ(message.get_if<Point>()->y, 2);
  EXPECT_EQ(message.get_if<int>(), nullptr);
  EXPECT_EQ(message.as<Point>().x, 1);
}

TEST(Message, HoldsMoveOnlyTypes) {
  pykka::Message message = std::make_unique<int>(7);
  pykka::Message moved = std::move(message);
  EXPECT_FALSE(message.has_value());  // NOLINT(bugprone-use-after-move): moved-from is empty
  auto owned = std::move(moved).as<std::unique_ptr<int>>();
  EXPECT_EQ(*owned, 7);
}

TEST(Message, StoresStringLiteralsAsStdString) {
  pykka::Message message = "Hi?";
  EXPECT_TRUE(message.is<std::string>());
  EXPECT_EQ(message.as<std::string>(), "Hi?");
}

TEST(Message, AsThrowsTypeErrorNamingBothTypes) {
  pykka::Message message = 42;
  try {
    (void)message.as<std::string>();
    FAIL() << "as<std::string> on an int did not throw";
  } catch (const pykka::TypeError& error) {
    EXPECT_NE(std::string(error.what()).find("holds int"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("std::"), std::string::npos) << error.what();
  }
}

// True if `value` lives inside the Message object itself (no heap allocation was made for it).
template <class T>
bool stored_inline(const pykka::Message& message) {
  const auto* begin = reinterpret_cast<const char*>(&message);
  const auto* value = reinterpret_cast<const char*>(message.get_if<T>());
  return value >= begin && value + sizeof(T) <= begin + sizeof(pykka::Message);
}

TEST(Message, StoresSmallValuesInlineWithoutAllocating) {
  pykka::Message point = Point{3, 4};
  pykka::Message number = 12345;
  pykka::Message text = std::string("short");
  pykka::Message owner = std::make_unique<int>(1);
  EXPECT_TRUE(stored_inline<Point>(point));
  EXPECT_TRUE(stored_inline<int>(number));
  EXPECT_TRUE(stored_inline<std::string>(text));
  EXPECT_TRUE(stored_inline<std::unique_ptr<int>>(owner));
  pykka::Message moved = std::move(point);
  EXPECT_TRUE(stored_inline<Point>(moved));
  EXPECT_FALSE(stored_inline<Big>(pykka::Message(Big{})));
}

TEST(Message, StoresLargeValuesOnTheHeapAndMovesThemWithoutCopying) {
  pykka::Message message = Big{};
  message.as<Big>().bytes[0] = 'x';
  const Big* address = message.get_if<Big>();
  pykka::Message moved = std::move(message);
  EXPECT_EQ(moved.get_if<Big>(), address);
  EXPECT_EQ(moved.as<Big>().bytes[0], 'x');
}

TEST(Message, PrintsStreamableValuesAndNamesOthers) {
  EXPECT_EQ(pykka::Message(Printable{5}).to_string(), "Printable(5)");
  EXPECT_EQ(pykka::Message(std::string("hello")).to_string(), "hello");
  EXPECT_NE(pykka::Message(Point{1, 2}).to_string().find("Point object>"), std::string::npos);
}

TEST(Message, DestroysItsValueExactlyOnce) {
  auto counter = std::make_shared<int>(0);
  {
    pykka::Message message = counter;
    EXPECT_EQ(counter.use_count(), 2);
    pykka::Message other = std::move(message);
    EXPECT_EQ(counter.use_count(), 2);
    other.reset();
    EXPECT_EQ(counter.use_count(), 1);
  }
  EXPECT_EQ(counter.use_count(), 1);
}

TEST(Message, EmplaceReplacesTheValue) {
  pykka::Message message = 1;
  message.emplace<std::vector<int>>(std::size_t{3}, 9);
  EXPECT_EQ(message.as<std::vector<int>>().size(), 3U);
  EXPECT_EQ(message.type_name(), "std::vector<int, std::allocator<int> >");
}

}  // namespace
