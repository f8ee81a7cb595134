# Tests of bot/http/.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/accept_language_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/assets_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/client_address_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/client_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/connections_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/csv_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/headers_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/metrics_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/request_reader_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/router_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/server_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/tls_test.cpp)
