# Tests of adapters/matrix/ (included from tests/adapters/sources.cmake); payloads in tests/fixtures/matrix/.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/appservice_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/inbound_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/login_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parse_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/registration_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/render_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/settings_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sync_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/types_test.cpp)
