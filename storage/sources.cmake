# Sources of storage/, appended to the core library.
list(APPEND BUURTBOT_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/database.cpp
  ${CMAKE_CURRENT_LIST_DIR}/migrations.cpp
  ${CMAKE_CURRENT_LIST_DIR}/residents.cpp
  ${CMAKE_CURRENT_LIST_DIR}/initiatives.cpp
  ${CMAKE_CURRENT_LIST_DIR}/workgroups.cpp
  ${CMAKE_CURRENT_LIST_DIR}/inbox.cpp
  ${CMAKE_CURRENT_LIST_DIR}/journal.cpp
  ${CMAKE_CURRENT_LIST_DIR}/outbox.cpp
  ${CMAKE_CURRENT_LIST_DIR}/audit.cpp
  ${CMAKE_CURRENT_LIST_DIR}/attachments.cpp
  ${CMAKE_CURRENT_LIST_DIR}/link_codes.cpp
  ${CMAKE_CURRENT_LIST_DIR}/working_days.cpp
)
list(APPEND BUURTBOT_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/officers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/inbox_queries.cpp
  ${CMAKE_CURRENT_LIST_DIR}/canned.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reports.cpp
  ${CMAKE_CURRENT_LIST_DIR}/web_chat.cpp
)
