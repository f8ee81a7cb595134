# Sources of bot/civic/: the civic domain services: actions, notifications, status, facts, resident data, officer actions.
list(APPEND BUURTBOT_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/action_kit.cpp
  ${CMAKE_CURRENT_LIST_DIR}/actions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/admin_actions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/announce.cpp
  ${CMAKE_CURRENT_LIST_DIR}/deadline.cpp
  ${CMAKE_CURRENT_LIST_DIR}/facts.cpp
  ${CMAKE_CURRENT_LIST_DIR}/linking.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mail_left.cpp
  ${CMAKE_CURRENT_LIST_DIR}/notify.cpp
  ${CMAKE_CURRENT_LIST_DIR}/officer_actions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/resident_data.cpp
  ${CMAKE_CURRENT_LIST_DIR}/status.cpp
  ${CMAKE_CURRENT_LIST_DIR}/unsubscribe.cpp)
