# The test executable's sources: each folder's tests list themselves in tests/<folder>/sources.cmake.
foreach(area config storage flows bot adapters docs layout e2e e2e/browser)
  include(${CMAKE_CURRENT_LIST_DIR}/${area}/sources.cmake)
endforeach()
