# Tests of adapters/web/ (included from tests/adapters/sources.cmake).
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/channel_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/inbound_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/settings_test.cpp)
