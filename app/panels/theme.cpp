#include "panels/theme.hpp"

#include <filesystem>
#include <string>

namespace wakeline::app {
namespace {

constexpr float kBodyPixels = 18.0f;
constexpr float kHeadingPixels = 24.0f;
constexpr float kMonoPixels = 17.0f;

// Latin-1 plus the punctuation, arrows and shapes lessons and the timeline use.
constexpr ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF,  // Basic Latin, Latin-1 Supplement
    0x2010, 0x2027,  // dashes, quotes, bullet, ellipsis
    0x2190, 0x21FF,  // arrows
    0x2500, 0x257F,  // box drawing, for console diagrams
    0x25A0, 0x25FF,  // geometric shapes: play, stop, dots
    0,
};

ImVec4 color(ImU32 rgba) { return ImGui::ColorConvertU32ToFloat4(rgba); }
ImVec4 color(int r, int g, int b, int a = 255) { return color(IM_COL32(r, g, b, a)); }

void set_colors(ImGuiStyle& style) {
  ImVec4* c = style.Colors;
  c[ImGuiCol_Text] = color(palette::kText);
  c[ImGuiCol_TextDisabled] = color(palette::kTextMuted);
  c[ImGuiCol_WindowBg] = color(palette::kPanel);
  c[ImGuiCol_ChildBg] = color(0, 0, 0, 0);
  c[ImGuiCol_PopupBg] = color(30, 34, 41);
  c[ImGuiCol_Border] = color(palette::kBorder);
  c[ImGuiCol_BorderShadow] = color(0, 0, 0, 0);
  c[ImGuiCol_FrameBg] = color(37, 42, 51);
  c[ImGuiCol_FrameBgHovered] = color(47, 54, 66);
  c[ImGuiCol_FrameBgActive] = color(57, 66, 81);
  // Panels never move or fold, so their title bars do not light up on focus: calmer to watch.
  c[ImGuiCol_TitleBg] = color(palette::kRaised);
  c[ImGuiCol_TitleBgActive] = color(palette::kRaised);
  c[ImGuiCol_TitleBgCollapsed] = color(palette::kRaised);
  c[ImGuiCol_MenuBarBg] = color(20, 23, 28);
  c[ImGuiCol_ScrollbarBg] = color(0, 0, 0, 0);
  c[ImGuiCol_ScrollbarGrab] = color(61, 68, 82);
  c[ImGuiCol_ScrollbarGrabHovered] = color(79, 88, 105);
  c[ImGuiCol_ScrollbarGrabActive] = color(97, 107, 126);
  c[ImGuiCol_CheckMark] = color(palette::kAccent);
  c[ImGuiCol_SliderGrab] = color(palette::kAccent);
  c[ImGuiCol_SliderGrabActive] = color(128, 186, 242);
  c[ImGuiCol_Button] = color(41, 47, 58);
  c[ImGuiCol_ButtonHovered] = color(52, 75, 104);
  c[ImGuiCol_ButtonActive] = color(62, 95, 134);
  c[ImGuiCol_Header] = color(44, 62, 87);
  c[ImGuiCol_HeaderHovered] = color(52, 75, 104);
  c[ImGuiCol_HeaderActive] = color(62, 95, 134);
  c[ImGuiCol_Separator] = color(palette::kBorder);
  c[ImGuiCol_SeparatorHovered] = color(palette::kAccent);
  c[ImGuiCol_SeparatorActive] = color(palette::kAccent);
  c[ImGuiCol_ResizeGrip] = color(0, 0, 0, 0);
  c[ImGuiCol_ResizeGripHovered] = color(0, 0, 0, 0);
  c[ImGuiCol_ResizeGripActive] = color(0, 0, 0, 0);
  c[ImGuiCol_Tab] = color(palette::kRaised);
  c[ImGuiCol_TabHovered] = color(52, 75, 104);
  c[ImGuiCol_TabActive] = color(44, 62, 87);
  c[ImGuiCol_TabUnfocused] = color(palette::kRaised);
  c[ImGuiCol_TabUnfocusedActive] = color(44, 62, 87);
  c[ImGuiCol_PlotLines] = color(palette::kAccent);
  c[ImGuiCol_PlotHistogram] = color(palette::kAccent);
  c[ImGuiCol_TableHeaderBg] = color(palette::kRaised);
  c[ImGuiCol_TableBorderStrong] = color(palette::kBorder);
  c[ImGuiCol_TableBorderLight] = color(palette::kGrid);
  c[ImGuiCol_TableRowBg] = color(0, 0, 0, 0);
  c[ImGuiCol_TableRowBgAlt] = color(255, 255, 255, 8);
  c[ImGuiCol_TextSelectedBg] = color(94, 164, 232, 90);
  c[ImGuiCol_DragDropTarget] = color(palette::kAccent);
  c[ImGuiCol_NavHighlight] = color(palette::kAccent);
  c[ImGuiCol_NavWindowingHighlight] = color(255, 255, 255, 180);
  c[ImGuiCol_NavWindowingDimBg] = color(0, 0, 0, 140);
  c[ImGuiCol_ModalWindowDimBg] = color(0, 0, 0, 140);
}

// Sizes at 100%; ScaleAllSizes multiplies them. Generous padding reads better from the back row.
void set_sizes(ImGuiStyle& style) {
  style.WindowPadding = ImVec2(14, 12);
  style.FramePadding = ImVec2(9, 5);
  style.ItemSpacing = ImVec2(10, 8);
  style.ItemInnerSpacing = ImVec2(7, 6);
  style.CellPadding = ImVec2(6, 4);
  style.IndentSpacing = 20;
  style.ScrollbarSize = 14;
  style.GrabMinSize = 12;
  style.WindowBorderSize = 1;
  style.ChildBorderSize = 1;
  style.PopupBorderSize = 1;
  style.FrameBorderSize = 0;
  style.WindowRounding = 6;
  style.ChildRounding = 4;
  style.FrameRounding = 4;
  style.PopupRounding = 6;
  style.ScrollbarRounding = 7;
  style.GrabRounding = 4;
  style.TabRounding = 4;
  style.WindowTitleAlign = ImVec2(0.0f, 0.5f);
  style.WindowMenuButtonPosition = ImGuiDir_None;  // panels cannot be collapsed
}

// The first copy of `file_name` found: the system's DejaVu package, then the repository's assets.
std::string find_font(const char* file_name) {
  const std::filesystem::path candidates[] = {
      std::filesystem::path("/usr/share/fonts/truetype/dejavu") / file_name,
      std::filesystem::path(WAKELINE_ASSETS_DIR) / "fonts" / file_name,
  };
  std::error_code ignored;
  for (const std::filesystem::path& path : candidates) {
    if (std::filesystem::is_regular_file(path, ignored)) return path.string();
  }
  return {};
}

// nullptr when the file is missing. Checked first because ImGui asserts on a missing font file.
ImFont* add_font(ImFontAtlas& atlas, const char* file_name, float pixels) {
  const std::string path = find_font(file_name);
  if (path.empty()) return nullptr;
  ImFontConfig config;
  config.OversampleH = 2;  // sharp enough at these sizes, and keeps a 250% atlas small
  return atlas.AddFontFromFileTTF(path.c_str(), pixels, &config, kGlyphRanges);
}

ThemeFonts load_fonts(float ui_scale) {
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  atlas.Clear();
  ThemeFonts fonts;
  // The first font added is ImGui's default, so body goes first.
  fonts.body = add_font(atlas, "DejaVuSans.ttf", kBodyPixels * ui_scale);
  if (fonts.body == nullptr) {
    ImFontConfig config;
    config.SizePixels = 13.0f * ui_scale;
    fonts.body = atlas.AddFontDefault(&config);
    fonts.fell_back = true;
  }
  fonts.heading = add_font(atlas, "DejaVuSans-Bold.ttf", kHeadingPixels * ui_scale);
  if (fonts.heading == nullptr) fonts.heading = fonts.body;
  fonts.mono = add_font(atlas, "DejaVuSansMono.ttf", kMonoPixels * ui_scale);
  if (fonts.mono == nullptr) fonts.mono = fonts.body;
  return fonts;
}

}  // namespace

ThemeFonts apply_theme(float ui_scale) {
  ImGuiStyle style;  // start from ImGui's defaults so repeated calls never compound the scale
  set_colors(style);
  set_sizes(style);
  style.ScaleAllSizes(ui_scale);
  ImGui::GetStyle() = style;
  return load_fonts(ui_scale);
}

}  // namespace wakeline::app
