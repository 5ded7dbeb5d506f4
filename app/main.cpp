// wakeline: parses the command line and hands over to the command it names.
#include <csignal>
#include <iostream>
#include <string_view>
#include <vector>

#include "commands/cli.hpp"
#include "commands/headless_commands.hpp"
#include "commands/trace_commands.hpp"
#include "gui_main.hpp"

int main(int argc, char** argv) {
  using namespace wakeline::app;
  // Past `ulimit -f` a write fails with EFBIG instead of the process being killed mid-file, so
  // the atomic writers can remove their temporary file and say what happened.
  std::signal(SIGXFSZ, SIG_IGN);
  const std::vector<std::string_view> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  const CliParse parse = parse_cli(args);
  if (!parse.ok()) {
    std::cerr << "wakeline: " << parse.error << "\n"
              << "Try 'wakeline --help' for the list of options.\n";
    return kExitUsage;
  }
  switch (parse.options.action) {
    case Action::Help: std::cout << usage_text(); return kExitOk;
    case Action::Version: std::cout << version_text() << "\n"; return kExitOk;
    case Action::List: return run_list_command(parse.options, std::cout, std::cerr);
    case Action::Run: return run_lesson_command(parse.options, std::cout, std::cerr);
    case Action::Export: return run_export_command(parse.options, std::cout, std::cerr);
    case Action::Validate: return run_validate_command(parse.options, std::cout, std::cerr);
    case Action::Check: return run_check_command(parse.options, std::cout, std::cerr);
    case Action::Gui:
    case Action::Screenshot: return run_gui(parse.options);
  }
  return kExitUsage;
}
