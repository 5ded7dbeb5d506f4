// Writing files so that a failure never costs the user a file: every writer in Wakeline (trace
// exports, CSV pairs, screenshots, settings) goes through here. The content goes to a temporary
// file beside the target, is flushed and fsync'd, then renamed over the target; on any failure the
// temporary is removed and the target is left as it was. A symlink is followed (its target is
// replaced, the link stays); a target that exists but is not a regular file is refused before
// anything is written.
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>

namespace wakeline {

using FileWriter = std::function<void(std::ostream&)>;

struct FileToWrite {
  std::filesystem::path target;
  FileWriter write;
};

// "" on success, else one sentence: "cannot write out.json: No space left on device (the
// existing file is unchanged)".
std::string write_file_atomically(const std::filesystem::path& target, const FileWriter& write);
std::string write_file_atomically(const std::filesystem::path& target, std::string_view bytes);

// Several files, all or none: every one is written to its temporary first; only when all of them
// are complete are they renamed into place, and a rename that fails puts back the ones before it.
std::string write_files_atomically(std::span<const FileToWrite> files);

}  // namespace wakeline
