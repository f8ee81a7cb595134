# Sources of bot/core/: the normalized messages, the channel interface and the secret helpers every part shares.
list(APPEND BUURTBOT_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/channel.cpp
  ${CMAKE_CURRENT_LIST_DIR}/digest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/file_type.cpp
  ${CMAKE_CURRENT_LIST_DIR}/message.cpp
  ${CMAKE_CURRENT_LIST_DIR}/random_token.cpp)
