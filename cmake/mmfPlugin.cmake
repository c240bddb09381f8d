# mmf_add_plugin(NAME SOURCES...): a MODULE library named NAME.so that mmf
# loads as a plugin (put it in --plugin-dir, MMF_PLUGIN_PATH or the installed
# lib/mmf/plugins). Sources include only mmf's public headers.
function(mmf_add_plugin name)
  add_library(${name} MODULE ${ARGN})
  target_link_libraries(${name} PRIVATE mmf::core)
  target_compile_features(${name} PRIVATE cxx_std_20)
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
endfunction()
