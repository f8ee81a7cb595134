# Tests of bot/pipeline/outbox/.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/rate_limiter_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/outage_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/retry_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sqlite_store_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/worker_test.cpp)
