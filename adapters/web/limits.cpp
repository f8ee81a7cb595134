#include "adapters/web/limits.hpp"

namespace buurtbot::adapters::web {

std::chrono::seconds WindowLimit::take(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  forget_old(now);
  auto& taken = taken_[key];
  while (!taken.empty() && now - taken.front() >= window_) taken.pop_front();
  if (static_cast<int>(taken.size()) < count_) {
    taken.push_back(now);
    return {};
  }
  const auto wait = std::chrono::ceil<std::chrono::seconds>(taken.front() + window_ - now);
  return std::max(wait, std::chrono::seconds(1));
}

// Keys whose window is empty take no memory: a flood of one-off clients would otherwise grow the map.
void WindowLimit::forget_old(Clock::time_point now) {
  if (now < next_cleanup_) return;
  next_cleanup_ = now + window_;
  for (auto it = taken_.begin(); it != taken_.end();) {
    if (it->second.empty() || now - it->second.back() >= window_) it = taken_.erase(it);
    else ++it;
  }
}

bool StreamCount::open(std::int64_t session) {
  std::lock_guard lock(mutex_);
  auto& mine = per_session_open_[session];
  if (open_ >= total_ || mine >= per_session_) {
    if (mine == 0) per_session_open_.erase(session);
    return false;
  }
  ++mine;
  ++open_;
  return true;
}

void StreamCount::close(std::int64_t session) {
  std::lock_guard lock(mutex_);
  auto it = per_session_open_.find(session);
  if (it == per_session_open_.end()) return;
  --open_;
  if (--it->second == 0) per_session_open_.erase(it);
}

int StreamCount::open_now() const {
  std::lock_guard lock(mutex_);
  return open_;
}

}  // namespace buurtbot::adapters::web
