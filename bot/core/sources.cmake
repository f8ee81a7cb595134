# Sources of bot/core/: the normalized messages and the channel interface every part shares.
list(APPEND BUURTBOT_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/message.cpp
  ${CMAKE_CURRENT_LIST_DIR}/text.cpp)
