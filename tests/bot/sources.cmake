# Tests of bot/, one folder per part as in bot/.
foreach(part text core http pipeline pipeline/outbox civic api api/auth api/page site app)
  include(${CMAKE_CURRENT_LIST_DIR}/${part}/sources.cmake)
endforeach()
