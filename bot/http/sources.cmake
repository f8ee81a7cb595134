# Sources of bot/http/.
list(APPEND BUURTBOT_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/accept_language.cpp
  ${CMAKE_CURRENT_LIST_DIR}/asio.cpp
  ${CMAKE_CURRENT_LIST_DIR}/assets.cpp
  ${CMAKE_CURRENT_LIST_DIR}/client.cpp
  ${CMAKE_CURRENT_LIST_DIR}/client_address.cpp
  ${CMAKE_CURRENT_LIST_DIR}/connections.cpp
  ${CMAKE_CURRENT_LIST_DIR}/csv.cpp
  ${CMAKE_CURRENT_LIST_DIR}/headers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/metrics.cpp
  ${CMAKE_CURRENT_LIST_DIR}/page_headers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/request_reader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/router.cpp
  ${CMAKE_CURRENT_LIST_DIR}/server.cpp
  ${CMAKE_BINARY_DIR}/generated/web_assets.cpp)

# The files of web/ (the officers' page, the public pages' style and the web chat's files) are compiled
# in as byte arrays at build time, so `buurtbot serve` needs no files on disk.
set(BUURTBOT_WEB_NAMES index.html app.js app.css site.css chat.js chat.css widget.js)
set(BUURTBOT_WEB_DIR ${CMAKE_CURRENT_LIST_DIR}/../../web)
cmake_path(NORMAL_PATH BUURTBOT_WEB_DIR)
list(TRANSFORM BUURTBOT_WEB_NAMES PREPEND ${BUURTBOT_WEB_DIR}/ OUTPUT_VARIABLE BUURTBOT_WEB_FILES)
# The NL Design System's part of the public pages' stylesheet, embedded as nlds.css.
include(${BUURTBOT_WEB_DIR}/nlds/nlds.cmake)
list(APPEND BUURTBOT_WEB_NAMES ${BUURTBOT_NLDS_CSS})
list(APPEND BUURTBOT_WEB_FILES ${BUURTBOT_NLDS_CSS})
list(JOIN BUURTBOT_WEB_NAMES "," BUURTBOT_WEB_NAME_LIST)
add_custom_command(
  OUTPUT ${CMAKE_BINARY_DIR}/generated/web_assets.cpp
  COMMAND ${CMAKE_COMMAND} -DWEB_DIR=${BUURTBOT_WEB_DIR} -DNAMES=${BUURTBOT_WEB_NAME_LIST}
          -DOUTPUT=${CMAKE_BINARY_DIR}/generated/web_assets.cpp -P ${CMAKE_CURRENT_LIST_DIR}/embed.cmake
  DEPENDS ${BUURTBOT_WEB_FILES} ${CMAKE_CURRENT_LIST_DIR}/embed.cmake
  COMMENT "Embedding web/"
  VERBATIM)

# Asio and Beast are compiled once, in asio.cpp; every file that includes them (tests too) must see
# these, so the top level applies them PUBLIC to buurtbot_core.
list(APPEND BUURTBOT_CORE_DEFINITIONS
  BOOST_ASIO_SEPARATE_COMPILATION
  BOOST_BEAST_SEPARATE_COMPILATION
  BOOST_ASIO_NO_DEPRECATED)
