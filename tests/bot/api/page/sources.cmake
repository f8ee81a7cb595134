# Tests of bot/api/page/.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/inbox_page_test.cpp)
