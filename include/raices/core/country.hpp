#pragma once
// The three countries of the model, in the order every per-country array uses.
#include <cstdint>

namespace raices {

enum class Country : uint8_t { GTM = 0, HND = 1, SLV = 2 };
inline constexpr int kCountryCount = 3;
inline constexpr const char* kCountryCodes[kCountryCount] = {"GTM", "HND", "SLV"};

}  // namespace raices
