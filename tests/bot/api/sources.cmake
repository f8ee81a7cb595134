# Tests of the officers' API endpoints beyond sessions, threads and initiatives (included from tests/bot/sources.cmake).
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/access_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/admin_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/canned_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reports_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/workgroups_test.cpp)
