# Tests of bot/.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/announce_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/attachments_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dispatcher_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/question_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/message_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/status_test.cpp)
include(${CMAKE_CURRENT_LIST_DIR}/outbox/sources.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/http/sources.cmake)
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/auth/password_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/auth/login_limiter_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/auth/officer_cli_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/api/request_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/api/session_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/api/threads_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/api/initiatives_test.cpp)
include(${CMAKE_CURRENT_LIST_DIR}/api/sources.cmake)
