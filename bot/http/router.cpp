#include "bot/http/router.hpp"

#include <cassert>
#include <set>
#include <utility>

namespace buurtbot::http {
namespace {

Response text(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

}  // namespace

void StreamSlot::put(std::shared_ptr<BodyStream> stream) {
  std::lock_guard lock(mutex_);
  stream_ = std::move(stream);
}

std::shared_ptr<BodyStream> StreamSlot::take() {
  std::lock_guard lock(mutex_);
  return std::exchange(stream_, nullptr);
}

void Router::add(std::string method, std::string path, Handler handler) {
  assert(path.starts_with('/') && handler);
  routes_.push_back(Route{std::move(method), std::move(path), false, std::move(handler)});
}

void Router::add_prefix(std::string method, std::string prefix, Handler handler) {
  assert(prefix.starts_with('/') && handler);
  routes_.push_back(Route{std::move(method), std::move(prefix), true, std::move(handler)});
}

void Router::limit_body(std::string path, std::size_t max_body_bytes) {
  assert(path.starts_with('/'));
  body_limits_.insert_or_assign(std::move(path), max_body_bytes);
}

void Router::check_before_body(std::string path, Precheck check) {
  assert(path.starts_with('/'));
  prechecks_.insert_or_assign(std::move(path), std::move(check));
}

std::optional<Response> Router::refusal_before_body(const Request& head) const {
  const auto check = prechecks_.find(head.path);
  if (check == prechecks_.end()) return std::nullopt;
  return check->second(head);
}

bool Router::checks_before_body(std::string_view target) const {
  return prechecks_.contains(target.substr(0, target.find('?')));
}

std::optional<std::size_t> Router::body_limit(std::string_view target) const {
  const auto own = body_limits_.find(target.substr(0, target.find('?')));
  if (own == body_limits_.end()) return std::nullopt;
  return own->second;
}

const Router::Route* Router::find(const std::string& method, const std::string& path) const {
  const Route* best = nullptr;
  for (const auto& route : routes_) {
    if (route.method != method) continue;
    if (!route.prefix && route.path == path) return &route;
    if (route.prefix && path.starts_with(route.path) && (best == nullptr || route.path.size() > best->path.size())) {
      best = &route;
    }
  }
  return best;
}

std::string Router::allowed(const std::string& path) const {
  std::set<std::string> methods;
  for (const auto& route : routes_) {
    if (route.prefix ? path.starts_with(route.path) : route.path == path) methods.insert(route.method);
  }
  if (methods.contains("GET")) methods.insert("HEAD");
  std::string allow;
  for (const auto& method : methods) allow += (allow.empty() ? "" : ", ") + method;
  return allow;
}

void Router::dispatch(Request request, Respond respond) const {
  const Route* route = find(request.method, request.path);
  if (route == nullptr && request.method == "HEAD") route = find("GET", request.path);
  if (route != nullptr) {
    route->handler(std::move(request), std::move(respond));
    return;
  }
  auto allow = allowed(request.path);
  if (allow.empty()) {
    respond(text(404, "Not found\n"));
    return;
  }
  auto response = text(405, "Method not allowed\n");
  response.headers.emplace_back("Allow", std::move(allow));
  respond(std::move(response));
}

}  // namespace buurtbot::http
