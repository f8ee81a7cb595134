# Sources of bot/api/page/ (the officers' page at /inbox/; web/ also holds the public pages' style and the web chat's files), appended to the core library. The files of web/
# are compiled in as byte arrays at build time, so `buurtbot serve` needs no files on disk.
set(BUURTBOT_WEB_NAMES index.html app.js app.css site.css chat.js chat.css widget.js)
set(BUURTBOT_WEB_DIR ${CMAKE_CURRENT_LIST_DIR}/../../../web)
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
  COMMENT "Embedding web/ (the officers' page)"
  VERBATIM)
list(APPEND BUURTBOT_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/inbox_page.cpp
  ${CMAKE_BINARY_DIR}/generated/web_assets.cpp)
