#include "core/pseudonym.h"

#include <sodium.h>

#include <stdexcept>
#include <vector>

namespace vigie {
namespace {

bool InitSodium() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

std::string Hex(const unsigned char* data, size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, size);
  out.pop_back();
  return out;
}

}  // namespace

std::string NewPseudonymKey() {
  if (!InitSodium()) return "";
  unsigned char key[crypto_generichash_KEYBYTES];
  randombytes_buf(key, sizeof key);
  return Hex(key, sizeof key);
}

Result<std::string> Pseudonymise(const std::string& key_hex, const std::string& identifier) {
  if (!InitSodium()) return InternalError("libsodium could not be initialised");
  unsigned char key[crypto_generichash_KEYBYTES];
  size_t key_len = 0;
  if (key_hex.size() != 2 * sizeof key ||
      sodium_hex2bin(key, sizeof key, key_hex.data(), key_hex.size(), nullptr, &key_len, nullptr) != 0 ||
      key_len != sizeof key) {
    return InvalidArgumentError("the pseudonymisation key must be 64 hexadecimal characters");
  }
  unsigned char out[16];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(identifier.data()), identifier.size(),
                     key, sizeof key);
  sodium_memzero(key, sizeof key);
  return Hex(out, sizeof out);
}

}  // namespace vigie
