#ifndef VIGIE_CORE_PSEUDONYM_H_
#define VIGIE_CORE_PSEUDONYM_H_

#include <string>

#include "core/status.h"

namespace vigie {

// A fresh random key for pseudonymisation, as 64 hexadecimal characters (libsodium's CSPRNG).
std::string NewPseudonymKey();

// The pseudonym of a personal identifier under `key_hex`: keyed BLAKE2b-128 (libsodium
// crypto_generichash), in hexadecimal. Without the key it cannot be linked back to the identifier
// nor recomputed from it; with the same key the same identifier always gets the same pseudonym, so
// a re-import updates rather than duplicates. Fails on a malformed key.
Result<std::string> Pseudonymise(const std::string& key_hex, const std::string& identifier);

}  // namespace vigie

#endif  // VIGIE_CORE_PSEUDONYM_H_
