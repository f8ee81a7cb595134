# Sources of bot/api/auth/: officers' passwords and the login limit.
list(APPEND BUURTBOT_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/login_limiter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/password.cpp)
