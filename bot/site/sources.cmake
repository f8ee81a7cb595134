# Sources of bot/site/ (the public pages at /plannen/: every published plan, its feeds and open data),
# appended to the core library.
list(APPEND BUURTBOT_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/pages.cpp
  ${CMAKE_CURRENT_LIST_DIR}/feed.cpp
  ${CMAKE_CURRENT_LIST_DIR}/open_data.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stylesheet.cpp
  ${CMAKE_CURRENT_LIST_DIR}/routes.cpp)
