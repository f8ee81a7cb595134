# Tests of bot/civic/.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/admin_actions_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/announce_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/deadline_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/attachments_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/forget_me_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/kept_files_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/linking_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mail_left_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/official_answer_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/public_link_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plan_answer_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/question_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/status_diagram_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/status_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/texts_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/unsubscribe_test.cpp)
