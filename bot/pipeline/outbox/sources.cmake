# Sources of bot/pipeline/outbox/: the outbox worker: delivery with retries and rate limits.
list(APPEND BUURTBOT_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/rate_limiter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/retry.cpp
  ${CMAKE_CURRENT_LIST_DIR}/send_pool.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sqlite_store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/worker.cpp)
