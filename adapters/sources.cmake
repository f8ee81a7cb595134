# Sources of adapters/, appended to the core library: one folder per channel, each listing its own
# sources, so a new channel's folder joins the build without a line here.
file(GLOB _buurtbot_channel_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*/sources.cmake)
foreach(_channel_sources ${_buurtbot_channel_sources})
  include(${_channel_sources})
endforeach()
