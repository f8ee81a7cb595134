# Sources of bot/http/.
list(APPEND BUURTBOT_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/asio.cpp
  ${CMAKE_CURRENT_LIST_DIR}/client.cpp
  ${CMAKE_CURRENT_LIST_DIR}/connections.cpp
  ${CMAKE_CURRENT_LIST_DIR}/metrics.cpp
  ${CMAKE_CURRENT_LIST_DIR}/request_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/router.cpp
  ${CMAKE_CURRENT_LIST_DIR}/server.cpp)

# Asio and Beast are compiled once, in asio.cpp; every file that includes them (tests too) must see
# these, so the top level applies them PUBLIC to buurtbot_core.
list(APPEND BUURTBOT_CORE_DEFINITIONS
  BOOST_ASIO_SEPARATE_COMPILATION
  BOOST_BEAST_SEPARATE_COMPILATION
  BOOST_ASIO_NO_DEPRECATED)
