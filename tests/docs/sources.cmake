# Tests of docs/: the transcripts in docs/transcripts/ are written and checked by a test.
list(APPEND BUURTBOT_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/transcripts_test.cpp)
