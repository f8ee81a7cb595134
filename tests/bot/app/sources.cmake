# Tests of bot/app/.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/metrics_route_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/officer_cli_test.cpp)
