#ifndef VIGIE_SERVER_GZIP_H_
#define VIGIE_SERVER_GZIP_H_

#include <string>
#include <string_view>

namespace vigie::server {

// `data` compressed once in the gzip format (RFC 1952, best compression), for answers served many
// times; "" if zlib fails.
std::string Gzip(std::string_view data);

}  // namespace vigie::server

#endif  // VIGIE_SERVER_GZIP_H_
