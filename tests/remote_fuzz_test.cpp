// Fuzzes the frame decoder with random and mutated frames: every one must either decode or be
// rejected with pykka::remote::WireError — no crash, no other exception, no undefined behaviour
// (run it under the asan preset). PYKKA_FUZZ_FRAMES sets the count (default 20000; use 1000000
// or more by hand).

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <pykka/remote/wire.hpp>

#include "support/remote_actors.hpp"

namespace {

using pykka::remote::FrameKind;

std::size_t frame_count() {
  const char* text = std::getenv("PYKKA_FUZZ_FRAMES");
  if (text == nullptr) return 20000;
  return static_cast<std::size_t>(std::strtoull(text, nullptr, 10));
}

std::vector<std::string> seed_frames() {
  pykka::testing::register_remote_test_types();
  return {
      pykka::remote::encode_value(FrameKind::tell, 42),
      pykka::remote::encode_value(FrameKind::ask, std::string("hello")),
      pykka::remote::encode_value(FrameKind::reply, std::vector<std::string>{"a", "bb", "ccc"}),
      pykka::remote::encode_value(FrameKind::reply, std::map<std::string, double>{{"x", 1.5}}),
      pykka::remote::encode_value(FrameKind::tell, pykka::testing::Point{1, 2}),
      pykka::remote::encode_frame(FrameKind::stop, pykka::Message{}),
      pykka::remote::encode_value(FrameKind::ask,
                                  pykka::ProxyCall{{"add"}, pykka::args(1, std::string("x"))}),
      pykka::remote::encode_value(FrameKind::ask,
                                  pykka::ProxySetAttr{{"a", "b"}, pykka::Message(2.5)}),
      pykka::remote::encode_error(std::make_exception_ptr(std::runtime_error("boom"))),
  };
}

// Decodes one frame; returns false if it threw anything but WireError.
bool decodes_or_rejects(const std::string& frame) {
  try {
    (void)pykka::remote::decode_frame(frame.data(), frame.size(), 4096);
  } catch (const pykka::remote::WireError&) {
  } catch (...) {
    return false;
  }
  return true;
}

TEST(RemoteWireFuzz, DecodesOrRejectsEveryRandomAndMutatedFrame) {
  const auto seeds = seed_frames();
  std::mt19937_64 random(20261202);
  const std::size_t count = frame_count();
  std::size_t failures = 0;
  for (std::size_t i = 0; i < count; ++i) {
    std::string frame;
    if (i % 4 == 0) {
      // Random bytes, often starting like an array of four so the parser gets past the header.
      frame.resize(random() % 64);
      for (char& byte : frame) byte = static_cast<char>(random());
      if (!frame.empty() && random() % 2 == 0) frame[0] = '\x94';
    } else {
      frame = seeds[random() % seeds.size()];
      const std::size_t edits = 1 + random() % 4;
      for (std::size_t e = 0; e < edits && !frame.empty(); ++e) {
        const std::size_t at = random() % frame.size();
        switch (random() % 4) {
          case 0:
            frame[at] = static_cast<char>(random());
            break;
          case 1:
            frame.erase(at, 1 + random() % 3);
            break;
          case 2:
            frame.insert(at, 1, static_cast<char>(random()));
            break;
          default:
            frame.resize(at);
            break;
        }
      }
    }
    if (!decodes_or_rejects(frame)) ++failures;
  }
  EXPECT_EQ(failures, 0U);
}

TEST(RemoteWireFuzz, RejectsAHeaderClaimingMoreElementsThanTheFrameHolds) {
  // An array32 header claiming four billion elements, in six bytes.
  const std::string frame("\xdd\xff\xff\xff\xff\x01", 6);
  EXPECT_THROW((void)pykka::remote::decode_frame(frame.data(), frame.size()),
               pykka::remote::WireError);
}

}  // namespace
