// retort internals: SHA-256 (FIPS 180-4), for revision checksums.
//
// Written here because the dependencies retort builds on (Debian packages
// only) bring no hash function; checked against the standard's test vectors
// in tests/migrations/checksum_test.cpp.
//
// Example:
//   sha256_hex("abc")  // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#pragma once

#include <string>
#include <string_view>

namespace retort::migrations {

// The digest of `data` as 64 lower-case hex characters.
std::string sha256_hex(std::string_view data);

}  // namespace retort::migrations
