# Tests of bot/api/.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/attachments_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/case_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/initiatives_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/login_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/request_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/session_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/threads_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/access_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/admin_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/canned_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reports_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/workgroups_test.cpp)
