#include "pykka/detail/uuid.hpp"

#include <cstdint>
#include <random>

namespace pykka::detail {

std::string make_urn() {
  // One generator per thread, seeded from the OS: no lock, and no two threads share a sequence.
  thread_local std::mt19937_64 generator{[] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }()};
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
