# End-to-end tests: the built binary, driven as a person would.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/binary.cpp
  ${CMAKE_CURRENT_LIST_DIR}/admin_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chat_test.cpp)
# `buurtbot serve` as a child process: its connection limits, and the Telegram channel against a fake Bot API.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/service.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fake_bot_api.cpp
  ${CMAKE_CURRENT_LIST_DIR}/faults_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/metrics_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/serve_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/telegram_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/web_chat_test.cpp)
# The Matrix channel through `buurtbot serve`, as an Application Service and as a sync account, against a
# fake homeserver.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/fake_homeserver.cpp
  ${CMAKE_CURRENT_LIST_DIR}/matrix_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/matrix_sync_test.cpp)

# telegram-test-api plays Telegram and buurtbot long-polls it; run.sh does `npm ci` on its first run.
find_program(BUURTBOT_NODE node)
find_program(BUURTBOT_NPM npm)
if(BUURTBOT_NODE AND BUURTBOT_NPM)
  add_test(NAME TelegramTestApi.AResidentSubmitsAnInitiativeWithButtons
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/telegram_test_api/run.sh)
  set_tests_properties(TelegramTestApi.AResidentSubmitsAnInitiativeWithButtons PROPERTIES
    ENVIRONMENT "BUURTBOT_BINARY=$<TARGET_FILE:buurtbot>;BUURTBOT_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
    TIMEOUT 300
    LABELS "e2e;telegram")
else()
  message(STATUS "node or npm not found: the TelegramTestApi end-to-end test is not registered")
endif()
# The e-mail channel through `buurtbot serve`: mail posted to its webhook or read from Dovecot over IMAP,
# replies recorded by aiosmtpd.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/smtp_sink.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dovecot.cpp
  ${CMAKE_CURRENT_LIST_DIR}/email_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/email_imap_test.cpp)
