// The remote wire format: what round-trips, what the sender refuses, what the decoder rejects.

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/remote/wire.hpp>

#include "support/remote_actors.hpp"

namespace {

using pykka::Message;
using pykka::remote::decode_frame;
using pykka::remote::encode_frame;
using pykka::remote::FrameKind;
using pykka::remote::WireError;

struct Unregistered {
  int value = 0;
  MSGPACK_DEFINE(value)
};

template <class T>
T round_trip(const T& value) {
  const std::string frame = pykka::remote::encode_value(FrameKind::tell, value);
  pykka::remote::Frame decoded = decode_frame(frame.data(), frame.size());
  EXPECT_EQ(decoded.kind, FrameKind::tell);
  return std::move(decoded.payload).as<T>();
}

TEST(RemoteWire, RoundTripsStandardTypes) {
  EXPECT_EQ(round_trip(true), true);
  EXPECT_EQ(round_trip(-7), -7);
  EXPECT_EQ(round_trip(1ULL << 63), 1ULL << 63);
  EXPECT_EQ(round_trip(2.5), 2.5);
  EXPECT_EQ(round_trip(std::string("text")), "text");
  EXPECT_EQ(round_trip(std::vector<std::string>{"a", "b"}), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(round_trip(std::map<std::string, int>{{"a", 1}}),
            (std::map<std::string, int>{{"a", 1}}));
}

TEST(RemoteWire, RoundTripsNoneAsAnEmptyMessage) {
  const std::string frame = encode_frame(FrameKind::reply, Message{});
  const auto decoded = decode_frame(frame.data(), frame.size());
  EXPECT_EQ(decoded.kind, FrameKind::reply);
  EXPECT_FALSE(decoded.payload.has_value());
}

TEST(RemoteWire, RoundTripsARegisteredUserType) {
  pykka::testing::register_remote_test_types();
  const auto point = round_trip(pykka::testing::Point{3, 4});
  EXPECT_EQ(point.x, 3);
  EXPECT_EQ(point.y, 4);
}

TEST(RemoteWire, RefusesAnUnregisteredTypeWithTypeError) {
  EXPECT_FALSE(pykka::remote::is_registered<Unregistered>());
  EXPECT_THROW((void)pykka::remote::encode_value(FrameKind::tell, Unregistered{}),
               pykka::TypeError);
  EXPECT_THROW((void)encode_frame(FrameKind::tell, Message(Unregistered{})), pykka::TypeError);
}

TEST(RemoteWire, RejectsASecondTypeUnderATakenName) {
  pykka::testing::register_remote_test_types();
  EXPECT_NO_THROW(pykka::testing::register_remote_test_types());
  EXPECT_THROW(pykka::remote::register_type<Unregistered>("test.Point"), pykka::InvalidArgument);
  EXPECT_THROW(pykka::remote::register_type<Unregistered>(""), pykka::InvalidArgument);
}

TEST(RemoteWire, RejectsEmptyGarbageTruncatedAndOversizedFrames) {
  EXPECT_THROW((void)decode_frame(nullptr, 0), WireError);
  const std::string garbage = "\xc1\xc1\xc1";
  EXPECT_THROW((void)decode_frame(garbage.data(), garbage.size()), WireError);
  const std::string frame = pykka::remote::encode_value(FrameKind::ask, std::string("hello"));
  for (std::size_t cut = 1; cut < frame.size(); ++cut) {
    EXPECT_THROW((void)decode_frame(frame.data(), cut), WireError) << "cut at " << cut;
  }
  EXPECT_THROW((void)decode_frame(frame.data(), frame.size(), frame.size() - 1), WireError);
  const std::string trailing = frame + "x";
  EXPECT_THROW((void)decode_frame(trailing.data(), trailing.size()), WireError);
}

TEST(RemoteWire, RejectsAnUnknownTypeNameAndAPayloadOfTheWrongShape) {
  msgpack::sbuffer buffer;
  msgpack::packer<msgpack::sbuffer> packer(buffer);
  packer.pack_array(4);
  packer.pack(pykka::remote::kWireVersion);
  packer.pack(2);
  packer.pack(std::string("no.such.Type"));
  packer.pack(1);
  EXPECT_THROW((void)decode_frame(buffer.data(), buffer.size()), WireError);

  buffer.clear();
  packer.pack_array(4);
  packer.pack(pykka::remote::kWireVersion);
  packer.pack(2);
  packer.pack(std::string("int"));
  packer.pack(std::string("not an int"));
  EXPECT_THROW((void)decode_frame(buffer.data(), buffer.size()), WireError);
}

TEST(RemoteWire, CarriesAnExceptionAsItsTypeNameAndText) {
  const std::string frame =
      pykka::remote::encode_error(std::make_exception_ptr(std::out_of_range("too far")));
  const auto decoded = decode_frame(frame.data(), frame.size());
  ASSERT_EQ(decoded.kind, FrameKind::error);
  try {
    std::rethrow_exception(pykka::remote::error_from_frame(decoded));
  } catch (const pykka::RemoteError& error) {
    EXPECT_EQ(error.remote_type(), "std::out_of_range");
    EXPECT_EQ(error.text(), "too far");
    EXPECT_STREQ(error.what(), "std::out_of_range: too far");
  }
}

TEST(RemoteWire, RethrowsARegisteredExceptionTypeAsItself) {
  pykka::remote::register_error<std::length_error>("std.length_error");
  const std::string frame =
      pykka::remote::encode_error(std::make_exception_ptr(std::length_error("long")));
  const auto decoded = decode_frame(frame.data(), frame.size());
  EXPECT_THROW(std::rethrow_exception(pykka::remote::error_from_frame(decoded)), std::length_error);
}

}  // namespace
