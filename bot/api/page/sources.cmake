# Sources of bot/api/page/: the officers' page at /inbox/, served from the files of web/ that
# bot/http/sources.cmake embeds.
list(APPEND BUURTBOT_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/inbox_page.cpp)
