#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace ecomsim {

// What kind of failure a Status carries. The CLI maps kUsage and kConfig to exit code 2
// and everything else to 1.
enum class StatusCode : uint8_t {
  kOk = 0,
  kUsage,      // a bad option or argument
  kConfig,     // a bad scenario file or override
  kIo,         // a file system failure
  kNetwork,    // a server that cannot be reached or refused us
  kData,       // input data that is malformed
  kCancelled,  // the user interrupted the run
  kInternal,
};

// The outcome of an operation that can fail (configuration, I/O, network). Simulation
// code cannot fail and does not return Status. An ok Status holds no allocation.
// The message is one line naming what failed and where (file, key, table or address).
class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Usage(std::string msg) { return Status(StatusCode::kUsage, std::move(msg)); }
  static Status Config(std::string msg) { return Status(StatusCode::kConfig, std::move(msg)); }
  static Status Io(std::string msg) { return Status(StatusCode::kIo, std::move(msg)); }
  static Status Network(std::string msg) { return Status(StatusCode::kNetwork, std::move(msg)); }
  static Status Data(std::string msg) { return Status(StatusCode::kData, std::move(msg)); }
  static Status Cancelled(std::string msg) {
    return Status(StatusCode::kCancelled, std::move(msg));
  }
  static Status Internal(std::string msg) { return Status(StatusCode::kInternal, std::move(msg)); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Exit code for command-line programs: 0 ok, 2 usage or configuration, 1 otherwise.
  int ExitCode() const {
    if (ok()) return 0;
    return (code_ == StatusCode::kUsage || code_ == StatusCode::kConfig) ? 2 : 1;
  }

  // A copy whose message is prefixed with `context: `.
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    return Status(code_, context + ": " + message_);
  }

 private:
  Status(StatusCode code, std::string msg) : code_(code), message_(std::move(msg)) {}

  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  // REQUIRES: ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace ecomsim

// Returns the Status of `expr` from the enclosing function if it is not ok.
#define ECOMSIM_RETURN_IF_ERROR(expr)                  \
  do {                                                 \
    ::ecomsim::Status ecomsim_status_ = (expr);        \
    if (!ecomsim_status_.ok()) return ecomsim_status_; \
  } while (false)
