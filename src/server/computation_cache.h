#ifndef VIGIE_SERVER_COMPUTATION_CACHE_H_
#define VIGIE_SERVER_COMPUTATION_CACHE_H_

#include <cstdint>
#include <functional>
#include <future>
#include <iterator>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "core/status.h"

namespace vigie::server {

// The results of slow computations by key, kept for the requests that follow. It keeps at most
// `capacity` keys and drops the least recently used first. A caller that asks for a key being
// computed waits for that computation instead of starting another one. A failed computation is
// kept when `keep_failure` says so (an answer such as "too little data", which would fail again);
// otherwise it is forgotten, and the next request computes it again. Thread-safe.
template <typename T>
class ComputationCache {
 public:
  using Value = std::shared_ptr<const T>;
  using KeepFailure = std::function<bool(const Status&)>;

  explicit ComputationCache(size_t capacity, KeepFailure keep_failure = nullptr)
      : capacity_(capacity), keep_failure_(std::move(keep_failure)) {}

  // The result for `key`: a kept one, the one another caller is computing (waited for), or the
  // one `compute` returns, run on this thread outside the cache's lock. An exception thrown by
  // `compute` reaches this caller and the waiters, and the key is forgotten. Callers waiting for a
  // key that is dropped meanwhile still get its result.
  Result<Value> Get(const std::string& key, const std::function<Result<Value>()>& compute) {
    std::promise<Result<Value>> promise;
    std::shared_future<Result<Value>> future;
    uint64_t id = 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (auto it = entries_.find(key); it != entries_.end()) {
        order_.splice(order_.end(), order_, it->second.order);
        future = it->second.future;
      } else {
        id = ++last_id_;
        future = promise.get_future().share();
        order_.push_back(key);
        entries_.emplace(key, Entry{future, std::prev(order_.end()), id});
        while (entries_.size() > capacity_) {
          entries_.erase(order_.front());
          order_.pop_front();
        }
      }
    }
    if (id == 0) return future.get();
    std::optional<Result<Value>> result;
    try {
      result.emplace(compute());
    } catch (...) {
      Forget(key, id);
      promise.set_exception(std::current_exception());
      throw;
    }
    if (!result->ok() && !(keep_failure_ && keep_failure_(result->status()))) Forget(key, id);
    promise.set_value(*result);
    return *std::move(result);
  }

  // How many keys are kept (including those being computed).
  size_t size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_.size();
  }

 private:
  struct Entry {
    std::shared_future<Result<Value>> future;
    std::list<std::string>::iterator order;
    uint64_t id;  // Which computation made it: a later one for the same key is not forgotten.
  };
  void Forget(const std::string& key, uint64_t id) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.id != id) return;
    order_.erase(it->second.order);
    entries_.erase(it);
  }

  const size_t capacity_;
  const KeepFailure keep_failure_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::list<std::string> order_;  // Least recently used first.
  uint64_t last_id_ = 0;
};

}  // namespace vigie::server

#endif  // VIGIE_SERVER_COMPUTATION_CACHE_H_
