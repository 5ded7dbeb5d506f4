// File > Open's file browser: one folder at a time, its subfolders first and then the files the
// filter lets through (.wakeline.json traces by default), walked with the mouse or the keyboard
// (Up/Down pick, Enter opens a file or goes into a folder, Alt+Up goes to the parent). It only
// chooses a path: file_actions.cpp opens it the same way as a typed or recent one.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wakeline::app {

struct ThemeFonts;
struct ScreenMap;

enum class FileFilter : std::uint8_t { Traces, Json, All };
inline constexpr FileFilter kFileFilters[] = {FileFilter::Traces, FileFilter::Json, FileFilter::All};
// "Traces (*.wakeline.json)", "JSON (*.json)", "All files".
std::string_view to_string(FileFilter filter);

struct FileEntry {
  std::string name;  // the file or folder's own name, no path
  bool folder = false;
  std::uintmax_t size = 0;  // bytes; 0 for folders
};

struct FolderListing {
  std::string folder;              // absolute, normalised
  std::vector<FileEntry> entries;  // folders (A-Z, case ignored), then files (A-Z)
  std::size_t hidden_files = 0;    // files the filter left out, so an empty listing can say why
  std::string error;               // "" or why the folder could not be read
};

// Whether the filter lets a file of this name through (extensions compared ignoring case).
bool passes_filter(std::string_view file_name, FileFilter filter);

// The folder's entries; names starting with '.' are left out. Never throws: an unreadable or
// missing folder gives an empty listing with `error` naming it and the reason.
FolderListing list_folder(const std::string& folder, FileFilter filter);

// Where to start browsing for a typed path: the path itself if it is a folder, else the folder
// it is in if that exists, else the current folder.
std::string folder_to_browse(const std::string& typed_path);

// "12 KB", "3.4 MB": a file's size in the listing.
std::string size_text(std::uintmax_t bytes);

struct FileBrowser {
  std::string folder;  // "" until start_browsing
  FileFilter filter = FileFilter::Traces;
  FolderListing listing;
  bool stale = true;  // list `folder` again next frame (it, or the filter, changed)
  int cursor = -1;    // index into listing.entries of the highlighted entry, -1 for none
  bool scroll_to_cursor = false;
  // Bumped whenever the browser writes the path: the path field takes it in its id, so a field
  // being typed in lets go of its own copy and shows the path picked.
  std::uint32_t picks = 0;
};

// The popup opened: browse the folder of `path`.
void start_browsing(FileBrowser& browser, const std::string& path);
// Goes into `folder`; the path field follows (the folder with a trailing separator).
void browse_to(FileBrowser& browser, const std::string& folder, std::string& path);
// A typed path that names a folder is gone into rather than opened: true if it did.
bool browse_if_folder(FileBrowser& browser, std::string& path);

// Draws the browser under the path field. A click on a file puts its path in `path`; a double
// click (or Enter while the path field is not being typed in) asks to open it: returns true.
// `typing`: the path field has the keyboard this frame, so Enter is its, not the browser's.
bool draw_file_browser(FileBrowser& browser, std::string& path, bool typing, const ThemeFonts& fonts, float ui_scale,
                       ScreenMap& screen);

}  // namespace wakeline::app
