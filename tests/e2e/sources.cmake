# End-to-end tests: the built binary, driven as a person would.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/binary.cpp
  ${CMAKE_CURRENT_LIST_DIR}/admin_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chat_test.cpp)
