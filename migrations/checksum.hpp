// retort: revision checksums (docs/deploying.md, "Checksums").
//
// A revision's checksum is computed from its ops, not from its file's text,
// so what does not change an op's meaning does not change it: line endings,
// whitespace and key order in the TOML, comments, the message, parents and
// lock settings, and an op key written at its default value (a key left out
// reads back as its default, and the canonical form leaves every default
// out). Any change to what an upgrade or downgrade op does changes it,
// including any change to an `execute` op's SQL other than line endings and
// trailing whitespace.
//
// Form v1, the text hashed with SHA-256:
//   {"downgrade":[OP,...],"form":1,"upgrade":[OP,...]}
// as compact JSON with keys sorted, where OP is the op's revision-file entry
// (op_to_toml, which writes only keys that differ from their defaults)
// converted to JSON; a float that is not finite is the string "nan", "inf"
// or "-inf"; in an `execute` op's `sql` CRLF and lone CR become LF,
// trailing spaces and tabs are removed from each line and newlines from the
// end. (A TOML reader reads a multi-line string's CRLF as LF already, so
// the file's line endings change no string.) The checksum is "v1:" and the 64 hex
// digits. A later form gets a new prefix and v1 stays computable, so
// checksums already recorded keep matching.
//
// Example:
//   revision_checksum(rev)  // "v1:9f86d081884c7d65..."
#pragma once

#include <string>
#include <string_view>

#include "migrations/revision.hpp"

namespace retort::migrations {

inline constexpr std::string_view kChecksumPrefix = "v1:";

// The canonical text of `revision`'s ops (form v1, above).
std::string checksum_form(const Revision& revision);
// "v1:" + SHA-256 of checksum_form(revision), in hex.
std::string revision_checksum(const Revision& revision);

}  // namespace retort::migrations
