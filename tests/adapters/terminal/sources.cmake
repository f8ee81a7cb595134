# Tests of adapters/terminal/ (included from tests/adapters/sources.cmake).
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/terminal_test.cpp)
