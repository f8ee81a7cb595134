# Sources of adapters/web/ (the web chat), appended to the core library (included from adapters/sources.cmake).
# Its page's script and style are in web/ (chat.js, chat.css, widget.js), embedded by bot/api/page/.
list(APPEND BUURTBOT_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/channel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/inbound.cpp
  ${CMAKE_CURRENT_LIST_DIR}/limits.cpp
  ${CMAKE_CURRENT_LIST_DIR}/page.cpp
  ${CMAKE_CURRENT_LIST_DIR}/settings.cpp)
