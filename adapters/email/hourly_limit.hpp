#pragma once
// At most N mails to one address in any hour, so a resident (or a loop we did not catch) never gets
// a flood: past the limit a send waits until the oldest of the hour is an hour old. Thread-safe.

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace buurtbot::adapters::email {

class HourlyLimit final {
 public:
  using Clock = std::chrono::system_clock;
  /// `per_hour` of 0 or less: no limit.
  explicit HourlyLimit(int per_hour) : per_hour_(per_hour) {}

  /// Zero when a mail to `address` may go at `now` (and counts it); else how long to wait.
  std::chrono::milliseconds take(const std::string& address, Clock::time_point now) {
    if (per_hour_ <= 0) return {};
    std::lock_guard lock(mutex_);
    auto& sent = sent_[address];
    while (!sent.empty() && now - sent.front() >= std::chrono::hours(1)) sent.pop_front();
    if (static_cast<int>(sent.size()) >= per_hour_)
      return std::chrono::duration_cast<std::chrono::milliseconds>(sent.front() + std::chrono::hours(1) - now);
    sent.push_back(now);
    return {};
  }

 private:
  int per_hour_;
  std::mutex mutex_;
  std::map<std::string, std::deque<Clock::time_point>> sent_;
};

}  // namespace buurtbot::adapters::email
