#include "panels/lessons_panel.hpp"

#include <algorithm>
#include <string>

#include "app_dump.hpp"
#include "panels/widgets.hpp"

namespace wakeline::app {
namespace {

// A lesson's row: its title wrapped to the panel's width (at a large UI scale in the narrow drawer a
// title takes two or three lines rather than running off the edge).
std::string row_label(const std::string& title) {
  constexpr int kMaxTitleLines = 3;
  return fit_text_lines(title, std::max(1.0f, ImGui::GetContentRegionAvail().x), kMaxTitleLines).shown;
}

}  // namespace

std::optional<std::string> draw_lessons_panel(const std::vector<scenarios::Lesson>& lessons,
                                              const std::vector<scenarios::ScriptLessonEntry>& scripts,
                                              const std::string& chosen_id, ScreenMap& screen) {
  std::optional<std::string> picked;
  const scenarios::Lesson* chosen = nullptr;
  // Numbered, in teaching order: "open lesson 3" is easy to say to a class. Rows sit closer than
  // the theme's spacing, so all ten fit above the explanation.
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 2.0f));
  for (std::size_t i = 0; i < lessons.size(); ++i) {
    const scenarios::Lesson& lesson = lessons[i];
    const bool is_chosen = lesson.id == chosen_id;
    if (is_chosen) chosen = &lesson;
    const std::string label = row_label(std::to_string(i + 1) + ". " + lesson.title) + "##" + lesson.id;
    if (ImGui::Selectable(label.c_str(), is_chosen) && !is_chosen) picked = lesson.id;
    note_last_item(screen, "lesson:" + lesson.id);
    // A title too long for three lines is cut; the tooltip has all of it, and the id for --lesson.
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", lesson.title.c_str(), lesson.id.c_str());
  }
  // Script lessons (assets/lessons, the user's folder, --lessons DIR): the tooltip says which file.
  if (!scripts.empty()) {
    ImGui::Spacing();
    ImGui::TextDisabled("Script lessons");
  }
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    const scenarios::Lesson& lesson = scripts[i].lesson;
    const bool is_chosen = lesson.id == chosen_id;
    if (is_chosen) chosen = &lesson;
    // Built piece by piece: GCC 12 warns (-Wrestrict, wrongly) on one long chain of + here.
    std::string number = "S";
    number += std::to_string(i + 1);
    number += ". ";
    std::string label = row_label(number + lesson.title);
    label += "##";
    label += lesson.id;
    if (ImGui::Selectable(label.c_str(), is_chosen) && !is_chosen) picked = lesson.id;
    note_last_item(screen, "lesson:" + lesson.id);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s\n%s\n%s: %s", lesson.title.c_str(), lesson.id.c_str(), scripts[i].origin.c_str(),
                        scripts[i].path.c_str());
  }
  ImGui::PopStyleVar();
  if (chosen == nullptr) return picked;

  // The explanation, under the list: what the class should watch for on the timeline.
  // It scrolls on its own, so the list above never scrolls out of reach.
  ImGui::Spacing();
  ImGui::Separator();
  if (ImGui::BeginChild("explanation", ImVec2(0, 0), false)) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(chosen->explanation.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::EndChild();
  return picked;
}

}  // namespace wakeline::app
