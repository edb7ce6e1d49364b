#include "store/store.h"

#include "store/sqlite_store.h"

namespace vigie::store {

Result<std::unique_ptr<Store>> OpenStore(const std::string& url) {
  if (url.empty()) return InvalidArgumentError("no store given: pass --db FILE");
  VIGIE_ASSIGN_OR_RETURN(std::unique_ptr<SqliteStore> s, SqliteStore::Open(url));
  return std::unique_ptr<Store>(std::move(s));
}

}  // namespace vigie::store
