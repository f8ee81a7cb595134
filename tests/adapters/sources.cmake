# Tests of adapters/, one folder per channel.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/terminal/terminal_test.cpp)
include(${CMAKE_CURRENT_LIST_DIR}/telegram/sources.cmake)
