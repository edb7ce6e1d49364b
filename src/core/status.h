#ifndef VIGIE_CORE_STATUS_H_
#define VIGIE_CORE_STATUS_H_

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace vigie {

// The kind of failure a Status carries; callers branch on it, people read the message.
enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // The caller asked for something malformed.
  kNotFound,         // A named file, code or record does not exist.
  kDataError,        // Input data is malformed or inconsistent.
  kIoError,          // The operating system or a library failed to read or write.
  kAlreadyExists,
  kInternal,
};

// The outcome of an operation: success, or a code and a human-readable message that names
// the file, line and reason when the failure comes from input data.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns "OK" or "<code name>: <message>".
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context` and ": ".
  Status WithContext(const std::string& context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

Status InvalidArgumentError(std::string message);
Status NotFoundError(std::string message);
Status DataError(std::string message);
Status IoError(std::string message);
Status InternalError(std::string message);

// Either a value of type T or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design.
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design.

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace vigie

// Returns from the enclosing function when `expr` yields a non-OK Status.
#define VIGIE_RETURN_IF_ERROR(expr)           \
  do {                                        \
    ::vigie::Status vigie_status_ = (expr);   \
    if (!vigie_status_.ok()) return vigie_status_; \
  } while (0)

#define VIGIE_CONCAT_INNER_(a, b) a##b
#define VIGIE_CONCAT_(a, b) VIGIE_CONCAT_INNER_(a, b)

// Declares `lhs` from a Result expression, or returns its Status from the enclosing function.
#define VIGIE_ASSIGN_OR_RETURN(lhs, expr)                                  \
  auto VIGIE_CONCAT_(vigie_result_, __LINE__) = (expr);                    \
  if (!VIGIE_CONCAT_(vigie_result_, __LINE__).ok())                        \
    return VIGIE_CONCAT_(vigie_result_, __LINE__).status();                \
  lhs = std::move(VIGIE_CONCAT_(vigie_result_, __LINE__)).value()

#endif  // VIGIE_CORE_STATUS_H_
