# Sources of bot/text/: the string helpers every part needs, the HTTP layer's too, so they sit below all of bot/.
list(APPEND BUURTBOT_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/text.cpp)
