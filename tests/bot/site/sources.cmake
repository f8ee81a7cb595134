# Tests of bot/site/.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/site_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/feed_schema_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stylesheet_test.cpp)
