# Sources of adapters/terminal/, appended to the core library (included from adapters/sources.cmake).
list(APPEND BUURTBOT_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/terminal.cpp)
