# Tests of the layout: which folder may include which, as README's Layout and DESIGN.md draw it.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/includes_test.cpp)
