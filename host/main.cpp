// mmf: the command-line host. Sets up logging and the crash report, lets each
// group of commands (host/cli/, host/serve/) register its subcommands, parses,
// and runs the one chosen.
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/cli.h"
#include "crash.h"
#include "mmf/version.h"

namespace {

void setup_logging(int verbosity, bool quiet) {
  auto logger = spdlog::stderr_color_mt("mmf");
  // Plugins log through loggers named plugin.<name> on these same sinks.
  logger->set_pattern("%n: %^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(quiet ? spdlog::level::err
                          : verbosity >= 2 ? spdlog::level::trace
                          : verbosity == 1 ? spdlog::level::debug
                                           : spdlog::level::warn);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace mmf::host;
  install_crash_report(2);  // a plugin that crashes is named on stderr
  CLI::App app{"mmf — score maturity assessments against maturity models written in TOML"};
  app.set_version_flag("--version", std::string("mmf ") + mmf::library_version());
  app.require_subcommand(1);
  app.fallthrough();

  Context ctx;
  int verbosity = 0;
  double load_timeout = 10;
  app.add_option("--models-dir", ctx.models_dirs, "Look for models in DIR (repeatable; before MMF_MODEL_PATH)")
      ->type_name("DIR");
  app.add_option("--plugin-dir", ctx.plugin_dirs, "Load plugins from DIR (repeatable; before MMF_PLUGIN_PATH)")
      ->type_name("DIR");
  app.add_option("--db", ctx.db, "The assessment store (default: MMF_DB, else $XDG_DATA_HOME/mmf/mmf.db)")
      ->type_name("PATH");
  app.add_option("--plugin-load-timeout", load_timeout,
                 "A plugin file still loading after SECONDS is named and skipped (default 10)")
      ->type_name("SECONDS")
      ->check(CLI::Range(0.05, 3600.0));
  app.add_flag("-v,--verbose", verbosity, "Log more to stderr (repeat for trace)");
  app.add_flag("-q,--quiet", ctx.quiet, "Print errors only");

  Cli cli{app, ctx, {}};
  add_model_commands(cli);
  add_score_commands(cli);
  add_batch_command(cli);
  add_store_commands(cli);
  add_serve_command(cli);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return exit_invalid;
  }
  setup_logging(verbosity, ctx.quiet);
  // A plugin that crashes or hangs while loading is named, and the command
  // runs again without it.
  restart_without_failed_plugins(argv, static_cast<int>(load_timeout * 1000));
  if (!cli.run) return exit_invalid;
  try {
    return cli.run();
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return exit_failure;
  }
}
