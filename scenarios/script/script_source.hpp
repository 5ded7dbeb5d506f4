// A script's text and name, shared by every run of it, and the call sites its events point at:
// one per line, made when the script is loaded and never changed, so that the recorder can keep
// them until the trace is merged, after the run's Lua state is gone.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "wakeline/detail/named_site.hpp"

namespace wakeline::scenarios::script {

struct ScriptSource {
  std::string file;  // as messages and events name it: the path it was loaded from
  std::string text;
  std::vector<detail::NamedSite> sites;  // [line], line 0 unused

  ScriptSource(std::string file_name, std::string script_text);
  ScriptSource(const ScriptSource&) = delete;
  ScriptSource& operator=(const ScriptSource&) = delete;
};

}  // namespace wakeline::scenarios::script
