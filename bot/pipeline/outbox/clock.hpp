#pragma once
// The outbox's one clock type, shared by the store interface, the limiter, the backoff and the worker.

#include <chrono>

namespace buurtbot::outbox {

/// Wall-clock time, because attempt times are stored and must mean the same after a restart; it is
/// always passed in as `now` so tests drive it.
using Clock = std::chrono::system_clock;

}  // namespace buurtbot::outbox
