# The NL Design System's CSS of the public pages and the web chat, built into ${BUURTBOT_NLDS_CSS}.
# `npm ci` installs the packages pinned by package-lock.json into the build tree (never into web/), again
# only when the lock file changes; stylesheet.js then joins the theme's tokens and the components' CSS.
# Here rather than in scripts/setup.sh, so that a change of the lock file rebuilds the stylesheet by itself.
find_program(BUURTBOT_NODE node REQUIRED)
find_program(BUURTBOT_NPM npm REQUIRED)
set(BUURTBOT_NLDS_DIR ${CMAKE_BINARY_DIR}/nlds)
set(BUURTBOT_NLDS_CSS ${CMAKE_BINARY_DIR}/generated/nlds.css)
# A stamp of our own: npm dates node_modules/.package-lock.json by the packages, older than the lock file.
set(BUURTBOT_NLDS_INSTALLED ${BUURTBOT_NLDS_DIR}/installed.stamp)
add_custom_command(
  OUTPUT ${BUURTBOT_NLDS_INSTALLED}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${BUURTBOT_NLDS_DIR}
  COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_CURRENT_LIST_DIR}/package.json ${CMAKE_CURRENT_LIST_DIR}/package-lock.json
          ${BUURTBOT_NLDS_DIR}
  COMMAND ${BUURTBOT_NPM} ci --prefix ${BUURTBOT_NLDS_DIR} --ignore-scripts --no-audit --no-fund --loglevel=error
  COMMAND ${CMAKE_COMMAND} -E touch ${BUURTBOT_NLDS_INSTALLED}
  DEPENDS ${CMAKE_CURRENT_LIST_DIR}/package.json ${CMAKE_CURRENT_LIST_DIR}/package-lock.json
  COMMENT "Installing the NL Design System's CSS (web/nlds/package-lock.json)"
  VERBATIM)
add_custom_command(
  OUTPUT ${BUURTBOT_NLDS_CSS}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/generated
  COMMAND ${BUURTBOT_NODE} ${CMAKE_CURRENT_LIST_DIR}/stylesheet.js ${BUURTBOT_NLDS_DIR}/node_modules ${BUURTBOT_NLDS_CSS}
  DEPENDS ${BUURTBOT_NLDS_INSTALLED} ${CMAKE_CURRENT_LIST_DIR}/stylesheet.js
  COMMENT "Joining the NL Design System's CSS into nlds.css"
  VERBATIM)
