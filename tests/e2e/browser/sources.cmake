# The officers' page in Chromium: the real binary, a resident in the terminal channel, an officer in
# the browser, axe-core on every view. run.sh does `npm ci` on its first run (playwright-core, axe-core);
# the browser is Debian's chromium, which scripts/setup.sh installs, never a download.
find_program(BUURTBOT_NODE node)
find_program(BUURTBOT_NPM npm)
if(BUURTBOT_NODE AND BUURTBOT_NPM AND EXISTS /usr/bin/chromium)
  add_test(NAME Browser.AnOfficerAnswersAResidentInTheInbox
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run.sh)
  add_test(NAME Browser.OfficersSeeTheWholeCase
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run.sh case.test.js)
  add_test(NAME Browser.AResidentChatsOnTheMunicipalitysSite
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run.sh chat.test.js)
  add_test(NAME Browser.AReaderStopsNewsOnTheUnsubscribePage
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run.sh unsubscribe.test.js)
  add_test(NAME Browser.AResidentLeavesAMailAddressInTheChat
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run.sh mail.test.js)
  # One at a time: the first run installs node_modules, and two Chromiums would crowd two cores.
  set_tests_properties(Browser.AnOfficerAnswersAResidentInTheInbox Browser.OfficersSeeTheWholeCase
                       Browser.AResidentChatsOnTheMunicipalitysSite Browser.AReaderStopsNewsOnTheUnsubscribePage
                       Browser.AResidentLeavesAMailAddressInTheChat PROPERTIES
    ENVIRONMENT "BUURTBOT_BINARY=$<TARGET_FILE:buurtbot>;BUURTBOT_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
    TIMEOUT 300
    RESOURCE_LOCK browser
    LABELS "e2e;browser")
else()
  message(STATUS "node, npm or /usr/bin/chromium not found: the Browser end-to-end test is not registered")
endif()
