# Tests of bot/api/auth/.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/login_limiter_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/password_test.cpp)
