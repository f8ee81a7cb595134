#pragma once
// How the officers' API says no: every refusal is a status and a sentence, mapped to a JSON answer in
// one place (bot/api/response.hpp).

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace buurtbot::api {

/// A request that cannot succeed as sent: the HTTP status to answer and a sentence for the client.
struct ApiError {
  int status = 400;
  std::string message;
};

/// A value, or the ApiError that prevented it.
template <class T>
class Result final {
 public:
  /// A success carrying `value`.
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit, so functions can `return value;`
  /// A failure carrying `error`.
  Result(ApiError error) : state_(std::move(error)) {}  // NOLINT: implicit, so functions can `return error;`

  /// True when there is a value.
  bool ok() const { return std::holds_alternative<T>(state_); }
  /// The value; only when ok().
  T& value() {
    assert(ok());
    return std::get<T>(state_);
  }
  /// The error; only when !ok().
  const ApiError& error() const {
    assert(!ok());
    return std::get<ApiError>(state_);
  }

 private:
  std::variant<T, ApiError> state_;
};

}  // namespace buurtbot::api
