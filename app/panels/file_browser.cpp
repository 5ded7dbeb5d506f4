#include "panels/file_browser.hpp"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "app_dump.hpp"
#include "panels/theme.hpp"
#include "panels/widgets.hpp"

namespace wakeline::app {
namespace {

namespace fs = std::filesystem;

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  return std::equal(suffix.begin(), suffix.end(), text.end() - static_cast<std::ptrdiff_t>(suffix.size()),
                    [](char wanted, char got) { return std::tolower(static_cast<unsigned char>(got)) == wanted; });
}

bool name_before(const FileEntry& a, const FileEntry& b) {
  if (a.folder != b.folder) return a.folder;
  return std::lexicographical_compare(a.name.begin(), a.name.end(), b.name.begin(), b.name.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) < std::tolower(static_cast<unsigned char>(y));
  });
}

std::string normalised(const fs::path& path) {
  std::error_code ignored;
  const fs::path absolute = fs::absolute(path, ignored);
  std::string text = (absolute.empty() ? path : absolute).lexically_normal().string();
  // "/home/x/" and "/home/x" are one folder: keep the root's own slash only.
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

std::string with_separator(const std::string& folder) { return folder.ends_with('/') ? folder : folder + "/"; }

std::string entry_path(const FileBrowser& browser, const FileEntry& entry) {
  return (fs::path(browser.folder) / entry.name).string();
}

void relist_if_stale(FileBrowser& browser) {
  if (!browser.stale) return;
  browser.listing = list_folder(browser.folder, browser.filter);
  browser.folder = browser.listing.folder;
  browser.stale = false;
  browser.cursor = -1;
}

// Up and Down move the highlight (and the path with it), Enter opens what it is on, Alt+Up goes
// to the parent folder. Returns true when a file is to be opened.
bool handle_keys(FileBrowser& browser, std::string& path, bool typing) {
  if (!ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows)) return false;
  const ImGuiIO& io = ImGui::GetIO();
  // Up and Down repeat while held; going up a folder or opening does not (a slow frame would repeat it).
  const auto pressed = [](ImGuiKey key, bool repeat = true) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), repeat); };
  if (io.KeyAlt && pressed(ImGuiKey_UpArrow, false)) {
    browse_to(browser, fs::path(browser.folder).parent_path().string(), path);
    return false;
  }
  const int count = static_cast<int>(browser.listing.entries.size());
  int step = 0;
  if (pressed(ImGuiKey_DownArrow)) step = 1;
  if (pressed(ImGuiKey_UpArrow) && !io.KeyAlt) step = -1;
  if (step != 0 && count > 0) {
    browser.cursor = std::clamp(browser.cursor < 0 ? (step > 0 ? 0 : count - 1) : browser.cursor + step, 0, count - 1);
    browser.scroll_to_cursor = true;
    const FileEntry& entry = browser.listing.entries[static_cast<std::size_t>(browser.cursor)];
    path = entry.folder ? with_separator(entry_path(browser, entry)) : entry_path(browser, entry);
    ++browser.picks;
  }
  if (typing || browser.cursor < 0 || browser.cursor >= count) return false;
  if (!pressed(ImGuiKey_Enter, false) && !pressed(ImGuiKey_KeyPadEnter, false)) return false;
  const FileEntry& entry = browser.listing.entries[static_cast<std::size_t>(browser.cursor)];
  if (entry.folder) {
    browse_to(browser, entry_path(browser, entry), path);
    return false;
  }
  path = entry_path(browser, entry);
  return true;
}

// The folder, with a button to go up, and the filter.
void draw_folder_bar(FileBrowser& browser, std::string& path, const ThemeFonts& fonts, float ui_scale, ScreenMap& screen) {
  const bool at_root = fs::path(browser.folder) == fs::path(browser.folder).root_path();
  ImGui::BeginDisabled(at_root);
  if (ImGui::Button("Up")) browse_to(browser, fs::path(browser.folder).parent_path().string(), path);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("The folder above (Alt+Up)");
  note_last_item(screen, "browser:up");
  ImGui::SameLine();
  const float filter_width = 290.0f * ui_scale;
  const float folder_width = ImGui::GetContentRegionAvail().x - filter_width - ImGui::GetStyle().ItemSpacing.x;
  ImGui::PushFont(fonts.mono);
  // The folder's tail is the part worth reading: clip from the left.
  const std::string& folder = browser.folder;
  std::size_t from = 0;
  while (from < folder.size() && ImGui::CalcTextSize(folder.c_str() + from).x > folder_width) ++from;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(from == 0 ? folder.c_str() : ("..." + folder.substr(std::min(folder.size(), from + 3))).c_str());
  ImGui::PopFont();
  if (from > 0 && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", folder.c_str());
  ImGui::SameLine(ImGui::GetContentRegionMax().x - filter_width);
  ImGui::SetNextItemWidth(filter_width);
  if (ImGui::BeginCombo("##filter", std::string(to_string(browser.filter)).c_str())) {
    for (const FileFilter filter : kFileFilters) {
      const std::string label(to_string(filter));
      if (ImGui::Selectable(label.c_str(), filter == browser.filter)) {
        browser.filter = filter;
        browser.stale = true;
      }
      note_last_item(screen, "browser:filter=" + std::string(filter == FileFilter::Traces ? "traces"
                                                             : filter == FileFilter::Json ? "json" : "all"));
    }
    ImGui::EndCombo();
  }
  note_last_item(screen, "browser:filter");
}

}  // namespace

std::string_view to_string(FileFilter filter) {
  switch (filter) {
    case FileFilter::Traces: return "Traces (*.wakeline.json, *.wkl)";
    case FileFilter::Json: return "JSON (*.json)";
    case FileFilter::All: return "All files";
  }
  return "All files";
}

bool passes_filter(std::string_view file_name, FileFilter filter) {
  switch (filter) {
    case FileFilter::Traces: return ends_with_ignoring_case(file_name, ".wakeline.json") || ends_with_ignoring_case(file_name, ".wkl");
    case FileFilter::Json: return ends_with_ignoring_case(file_name, ".json");
    case FileFilter::All: return true;
  }
  return true;
}

FolderListing list_folder(const std::string& folder, FileFilter filter) {
  FolderListing listing;
  listing.folder = normalised(folder.empty() ? fs::path(".") : fs::path(folder));
  std::error_code error;
  fs::directory_iterator it(listing.folder, fs::directory_options::skip_permission_denied, error);
  if (error) {
    listing.error = "cannot read the folder '" + listing.folder + "': " + error.message();
    return listing;
  }
  for (; it != fs::directory_iterator(); it.increment(error)) {
    if (error) {
      listing.error = "stopped reading the folder '" + listing.folder + "': " + error.message();
      break;
    }
    std::string name = it->path().filename().string();
    if (name.empty() || name.front() == '.') continue;
    std::error_code ignored;
    const bool is_folder = it->is_directory(ignored);  // follows links: a link to a folder is a folder
    if (!is_folder && !passes_filter(name, filter)) {
      ++listing.hidden_files;
      continue;
    }
    const std::uintmax_t size = is_folder ? 0 : it->file_size(ignored);
    listing.entries.push_back(FileEntry{std::move(name), is_folder, size == static_cast<std::uintmax_t>(-1) ? 0 : size});
  }
  std::sort(listing.entries.begin(), listing.entries.end(), name_before);
  return listing;
}

std::string folder_to_browse(const std::string& typed_path) {
  std::error_code ignored;
  if (!typed_path.empty()) {
    const fs::path path(typed_path);
    if (fs::is_directory(path, ignored)) return normalised(path);
    const fs::path parent = normalised(path).empty() ? fs::path() : fs::path(normalised(path)).parent_path();
    if (!parent.empty() && fs::is_directory(parent, ignored)) return parent.string();
  }
  return normalised(fs::current_path(ignored));
}

std::string size_text(std::uintmax_t bytes) {
  char text[32];
  if (bytes < 1000) std::snprintf(text, sizeof text, "%ju B", bytes);
  else if (bytes < 1000 * 1000) std::snprintf(text, sizeof text, "%.0f KB", static_cast<double>(bytes) / 1e3);
  else if (bytes < 1000ull * 1000 * 1000) std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
  else std::snprintf(text, sizeof text, "%.1f GB", static_cast<double>(bytes) / 1e9);
  return text;
}

void start_browsing(FileBrowser& browser, const std::string& path) {
  browser.folder = folder_to_browse(path);
  browser.stale = true;
}

void browse_to(FileBrowser& browser, const std::string& folder, std::string& path) {
  browser.folder = normalised(folder);
  browser.stale = true;
  path = with_separator(browser.folder);
  ++browser.picks;
}

bool browse_if_folder(FileBrowser& browser, std::string& path) {
  std::error_code ignored;
  if (path.empty() || !fs::is_directory(path, ignored)) return false;
  browse_to(browser, path, path);
  return true;
}

bool draw_file_browser(FileBrowser& browser, std::string& path, bool typing, const ThemeFonts& fonts, float ui_scale,
                       ScreenMap& screen) {
  if (browser.folder.empty()) start_browsing(browser, path);
  relist_if_stale(browser);
  bool open = handle_keys(browser, path, typing);
  relist_if_stale(browser);  // Alt+Up or Enter on a folder
  draw_folder_bar(browser, path, fonts, ui_scale, screen);
  relist_if_stale(browser);

  const float rows = std::clamp(std::floor(ImGui::GetMainViewport()->Size.y * 0.3f / ImGui::GetFrameHeightWithSpacing()), 4.0f, 12.0f);
  ImGui::BeginChild("##files", ImVec2(0.0f, rows * ImGui::GetFrameHeightWithSpacing()), true);
  const FolderListing& listing = browser.listing;
  if (!listing.error.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(listing.error.c_str());
    ImGui::PopTextWrapPos();
  } else if (listing.entries.empty()) {
    muted_text_wrapped(listing.hidden_files > 0
                           ? "No folders here, and no file the filter lets through. Pick \"All files\" above to see the rest."
                           : "This folder is empty.");
  }
  const float size_column = ImGui::CalcTextSize("000.0 MB").x;
  std::string chosen_folder;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(listing.entries.size()));
  if (browser.scroll_to_cursor && browser.cursor >= 0) clipper.ForceDisplayRangeByIndices(browser.cursor, browser.cursor + 1);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const FileEntry& entry = listing.entries[static_cast<std::size_t>(i)];
      ImGui::PushID(i);
      const std::string label = entry.folder ? entry.name + "/" : entry.name;
      if (entry.folder) ImGui::PushStyleColor(ImGuiCol_Text, palette::kAccent);
      if (ImGui::Selectable(label.c_str(), browser.cursor == i, ImGuiSelectableFlags_AllowDoubleClick)) {
        browser.cursor = i;
        const bool twice = ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
        if (entry.folder) {
          if (twice) chosen_folder = entry_path(browser, entry);
          else path = with_separator(entry_path(browser, entry));
        } else {
          path = entry_path(browser, entry);
          open = open || twice;
        }
        ++browser.picks;
      }
      if (entry.folder) ImGui::PopStyleColor();
      note_last_item(screen, "browser:" + label);
      if (browser.scroll_to_cursor && browser.cursor == i) {
        ImGui::SetScrollHereY(0.5f);
        browser.scroll_to_cursor = false;
      }
      if (!entry.folder) {
        ImGui::SameLine(ImGui::GetContentRegionMax().x - size_column);
        ImGui::PushStyleColor(ImGuiCol_Text, palette::kTextMuted);
        ImGui::TextUnformatted(size_text(entry.size).c_str());
        ImGui::PopStyleColor();
      }
      ImGui::PopID();
    }
  }
  ImGui::EndChild();
  if (!chosen_folder.empty()) browse_to(browser, chosen_folder, path);
  return open;
}

}  // namespace wakeline::app
