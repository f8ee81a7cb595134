# Tests of storage/.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/database_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/initiatives_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/residents_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/link_codes_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/workgroups_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/inbox_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/inbox_search_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pipeline_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/working_days_test.cpp
)
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/officers_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/canned_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reports_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/web_chat_test.cpp
)
