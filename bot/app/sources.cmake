# Sources of bot/app/: the app's wiring: start-up, serve, the command line (main.cpp is the executable's alone).
list(APPEND BUURTBOT_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/app.cpp
  ${CMAKE_CURRENT_LIST_DIR}/channels.cpp
  ${CMAKE_CURRENT_LIST_DIR}/chat.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli.cpp
  ${CMAKE_CURRENT_LIST_DIR}/initiative_summary.cpp
  ${CMAKE_CURRENT_LIST_DIR}/logging.cpp
  ${CMAKE_CURRENT_LIST_DIR}/metrics_route.cpp
  ${CMAKE_CURRENT_LIST_DIR}/officer_cli.cpp
  ${CMAKE_CURRENT_LIST_DIR}/serve.cpp)
