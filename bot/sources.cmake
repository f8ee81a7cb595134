# Sources of bot/ (main.cpp is the executable's alone), appended to the core library.
list(APPEND BUURTBOT_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/actions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/announce.cpp
  ${CMAKE_CURRENT_LIST_DIR}/app.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chat.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dispatcher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/facts.cpp
  ${CMAKE_CURRENT_LIST_DIR}/logging.cpp
  ${CMAKE_CURRENT_LIST_DIR}/message.cpp
  ${CMAKE_CURRENT_LIST_DIR}/notify.cpp
  ${CMAKE_CURRENT_LIST_DIR}/officer_actions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pipeline.cpp
  ${CMAKE_CURRENT_LIST_DIR}/resident_data.cpp
  ${CMAKE_CURRENT_LIST_DIR}/serve.cpp
  ${CMAKE_CURRENT_LIST_DIR}/status.cpp)
include(${CMAKE_CURRENT_LIST_DIR}/outbox/sources.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/http/sources.cmake)
list(APPEND BUURTBOT_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/officer_cli.cpp
  ${CMAKE_CURRENT_LIST_DIR}/auth/login_limiter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/auth/password.cpp)
include(${CMAKE_CURRENT_LIST_DIR}/api/sources.cmake)
