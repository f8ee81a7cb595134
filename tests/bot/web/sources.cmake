# Tests of bot/web/ (the officers' page served from the binary).
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/inbox_page_test.cpp)
