#include "bot/http/connections.hpp"

#include <cassert>
#include <utility>

namespace buurtbot::http::detail {

std::uint64_t Connections::enter(std::weak_ptr<ServerSession> session, const std::string& address) {
  std::lock_guard lock(mutex_);
  entries_.emplace(next_id_, Entry{std::move(session), address, std::nullopt});
  ++per_address_[address];
  return next_id_++;
}

void Connections::leave(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(id);
  assert(it != entries_.end());
  forget_idle(it->second);
  auto count = per_address_.find(it->second.address);
  if (--count->second == 0) per_address_.erase(count);
  entries_.erase(it);
}

void Connections::idle(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  auto& entry = entries_.at(id);
  forget_idle(entry);
  entry.idle_since = next_ticket_++;
  idle_.emplace(*entry.idle_since, id);
}

void Connections::busy(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  forget_idle(entries_.at(id));
}

std::shared_ptr<ServerSession> Connections::take_longest_idle() {
  std::lock_guard lock(mutex_);
  while (!idle_.empty()) {
    auto& entry = entries_.at(idle_.begin()->second);
    forget_idle(entry);
    // A connection whose last owner just let go is closing anyway; the next one makes room instead.
    if (auto session = entry.session.lock()) return session;
  }
  return nullptr;
}

std::size_t Connections::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

std::size_t Connections::from(const std::string& address) const {
  std::lock_guard lock(mutex_);
  auto it = per_address_.find(address);
  return it == per_address_.end() ? 0 : it->second;
}

std::size_t Connections::idle_count() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

std::vector<std::shared_ptr<ServerSession>> Connections::live() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<ServerSession>> out;
  for (const auto& [id, entry] : entries_) {
    if (auto session = entry.session.lock()) out.push_back(std::move(session));
  }
  return out;
}

void Connections::forget_idle(Entry& entry) {
  if (entry.idle_since) idle_.erase(*entry.idle_since);
  entry.idle_since.reset();
}

}  // namespace buurtbot::http::detail
