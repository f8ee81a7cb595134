# Tests of adapters/email/ (included from tests/adapters/sources.cmake); raw mails in tests/fixtures/email/.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/imap_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/inbound_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loop_guard_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mailbox_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parse_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/render_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/settings_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/thread_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/unsubscribe_test.cpp)
