# Tests of bot/pipeline/.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/dispatcher_test.cpp)
