# Sources of adapters/, appended to the core library: one folder per channel.
list(APPEND BUURTBOT_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/terminal/terminal.cpp)
include(${CMAKE_CURRENT_LIST_DIR}/telegram/sources.cmake)
