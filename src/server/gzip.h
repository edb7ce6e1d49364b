#ifndef VIGIE_SERVER_GZIP_H_
#define VIGIE_SERVER_GZIP_H_

#include <string>
#include <string_view>

namespace vigie::server {

// `data` compressed once in the gzip format (RFC 1952) at zlib `level` (9, the best, by default:
// for files and shapes compressed once at start), for answers served many times; "" if zlib fails.
std::string Gzip(std::string_view data, int level = 9);
// The level for answers compressed as they are first computed (a request waits for it): zlib's
// default, half the time of the best for 3% more bytes (docs/benchmarks.md).
inline constexpr int kAnswerGzipLevel = 6;

}  // namespace vigie::server

#endif  // VIGIE_SERVER_GZIP_H_
