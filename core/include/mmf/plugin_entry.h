// Include once in a plugin: MMF_PLUGIN(descriptor) defines and exports the
// entry point the host looks for, a plain extern "C" function named
// mmf_plugin_descriptor (mmf::plugin_entry_name). Needs no header but mmf's.
//
// Thread-safety: the entry point only returns the address of a static
// descriptor, so it may be called from any thread.
#pragma once

#include "mmf/plugin.h"

// Exports one symbol from a plugin built with hidden visibility.
#if defined(_WIN32)
#define MMF_PLUGIN_EXPORT __declspec(dllexport)
#else
#define MMF_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

// `descriptor` is a mmf::PluginDescriptor with static storage duration.
#define MMF_PLUGIN(descriptor)                                                              \
  extern "C" MMF_PLUGIN_EXPORT const ::mmf::PluginDescriptor* mmf_plugin_descriptor() {     \
    return &(descriptor);                                                                   \
  }
