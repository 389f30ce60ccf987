#include "actors/uuid.hpp"

#include <cstdint>
#include <random>

namespace pykka::detail {
namespace {

// xoshiro256** (Blackman and Vigna): 32 bytes of state. Every thread carries its own copy in
// static TLS, which the C library writes when it creates the thread, so the state is kept small
// (std::mt19937_64 would add 2.5 KiB to every actor thread's resident stack pages).
class Xoshiro256 {
 public:
  Xoshiro256() {
    std::random_device device;
    for (auto& word : state_) word = (std::uint64_t{device()} << 32) | device();
    if ((state_[0] | state_[1] | state_[2] | state_[3]) == 0)
      state_[0] = 1;  // all-zero is a fixed point
  }

  std::uint64_t operator()() noexcept {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }

  std::uint64_t state_[4];
};

}  // namespace

std::string make_urn() {
  // One generator per thread, seeded from the OS: no lock, and no two threads share a sequence.
  thread_local Xoshiro256 generator;
  std::uint64_t high = generator();
  std::uint64_t low = generator();
  high = (high & ~std::uint64_t{0xF000}) | std::uint64_t{0x4000};          // version 4
  low = (low & ~(std::uint64_t{0x3} << 62)) | (std::uint64_t{0x2} << 62);  // variant 10xx
  static constexpr char kHex[] = "0123456789abcdef";
  std::string urn = "urn:uuid:";
  urn.reserve(45);
  auto put = [&](std::uint64_t bits, int from_nibble, int count) {
    for (int i = 0; i < count; ++i) {
      const int shift = 60 - 4 * (from_nibble + i);
      urn.push_back(kHex[(bits >> shift) & 0xF]);
    }
  };
  put(high, 0, 8);
  urn.push_back('-');
  put(high, 8, 4);
  urn.push_back('-');
  put(high, 12, 4);
  urn.push_back('-');
  put(low, 0, 4);
  urn.push_back('-');
  put(low, 4, 12);
  return urn;
}

}  // namespace pykka::detail
