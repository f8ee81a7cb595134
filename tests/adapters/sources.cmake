# Tests of adapters/, one folder per channel, each listing its own tests.
file(GLOB _buurtbot_channel_tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*/sources.cmake)
foreach(_channel_tests ${_buurtbot_channel_tests})
  include(${_channel_tests})
endforeach()
