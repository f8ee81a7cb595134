# Tests of bot/core/.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/file_type_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/message_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/random_token_test.cpp)
