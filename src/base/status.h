#pragma once

#include <string>
#include <utility>
#include <variant>

namespace atsguard::base {

// Why an operation failed. Callers branch on the code; the message is for humans and
// always names the input (path, variable, flag) that caused the failure.
enum class StatusCode {
  kOk,
  kInvalidArgument,     // the input is malformed (bad PEM, bad JSON, bad flag value)
  kNotFound,            // a file, directory or variable does not exist
  kPermissionDenied,    // EACCES / EPERM
  kResourceExhausted,   // over a size cap, or out of watches
  kFailedPrecondition,  // the input exists but is of the wrong kind (FIFO, device, loop)
  kUnavailable,         // transient: retry may succeed (a volume mid-update, a peer down)
  kIoError,             // any other errno
  kInternal,            // our own invariant broke
};

// The result of an operation that can fail for environmental reasons. Cheap to copy.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Returns a Status for errno `err` on `subject`: "<subject>: <strerror>" with the code
// that matches the errno (ENOENT -> kNotFound, EACCES -> kPermissionDenied, ...).
Status ErrnoStatus(int err, const std::string& subject);

// A value or the Status explaining its absence, shaped like std::expected.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}                  // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {}           // NOLINT: implicit by design
  Result(StatusCode code, std::string message) : data_(Status(code, std::move(message))) {}

  bool ok() const { return std::holds_alternative<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T& value() & { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const T& operator*() const& { return value(); }

  // The failure; Status::Ok() when a value is held.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(data_); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace atsguard::base
