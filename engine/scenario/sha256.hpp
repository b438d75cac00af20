#pragma once
/// @brief SHA-256 of a byte string, for provenance (`scenario_sha256`).

#include <string>
#include <string_view>

namespace regsim::scenario {

/// Lowercase hexadecimal SHA-256 digest (64 characters) of `data`. Throws std::runtime_error
/// if OpenSSL fails.
std::string sha256_hex(std::string_view data);

}  // namespace regsim::scenario
