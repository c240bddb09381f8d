// Include once in a plugin: MMF_PLUGIN(descriptor) exports the entry point
// the host looks for, through Boost.DLL's alias mechanism.
#pragma once

#include <boost/dll/alias.hpp>

#include "mmf/plugin.h"

// `descriptor` is a mmf::PluginDescriptor with static storage duration.
#define MMF_PLUGIN(descriptor)                                                                 \
  namespace mmf_plugin_detail {                                                                \
  const ::mmf::PluginDescriptor* mmf_plugin_entry() { return &(descriptor); }                  \
  }                                                                                            \
  BOOST_DLL_ALIAS(mmf_plugin_detail::mmf_plugin_entry, mmf_plugin)
