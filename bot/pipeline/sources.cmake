# Sources of bot/pipeline/: the journal writer and the dispatcher.
list(APPEND BUURTBOT_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/dispatcher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pipeline.cpp)
