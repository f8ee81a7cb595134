# Tests of flows/.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/choice_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/command_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/definition_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/engine_answers_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/engine_attachments_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/engine_flows_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/engine_global_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/engine_search_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/engine_initiative_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/engine_validators_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loader_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/preferred_lang_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/state_json_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/text_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/validate_test.cpp
)
