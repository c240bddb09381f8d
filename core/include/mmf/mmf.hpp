// Everything an integrator needs in one include.
#pragma once

#include "mmf/assessment.h"
#include "mmf/catalog.h"
#include "mmf/diagnostic.h"
#include "mmf/engine.h"
#include "mmf/io.h"
#include "mmf/load.h"
#include "mmf/model.h"
#include "mmf/plugin.h"
#include "mmf/plugin_host.h"
#include "mmf/registry.h"
#include "mmf/render.h"
#include "mmf/result.h"
#include "mmf/rule.h"
#include "mmf/semver.h"
#include "mmf/text.h"
#include "mmf/version.h"
