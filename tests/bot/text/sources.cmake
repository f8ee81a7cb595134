# Tests of bot/text/.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/text_test.cpp)
