// The shared text fitting (panels/widgets.hpp) that the narration and lesson titles use.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "imgui_harness.hpp"
#include "panels/widgets.hpp"

using wakeline::app::FittedText;
using wakeline::app::fit_text_lines;
using wakeline::app::testing::ImGuiHarness;

namespace {

constexpr const char* kNarration =
    "`worker` goes to the inject queue: the timer it waited on has fired, and a worker will poll it next";

int line_count(const std::string& text) { return 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

// fit_text_lines measures in the current font, which exists only inside a frame.
template <typename Check>
void in_a_frame(Check&& check) {
  ImGuiHarness harness(ImVec2(800, 600));
  ImGui::NewFrame();
  check();
  ImGui::EndFrame();
}

}  // namespace

TEST_CASE("a narration that fits one line is shown as it is", "[app][widgets]") {
  in_a_frame([] {
    const FittedText fitted = fit_text_lines("main polls", 600.0f, 2);
    CHECK(fitted.shown == "main polls");
    CHECK_FALSE(fitted.cut);
  });
}

TEST_CASE("a long narration wraps at spaces, every word kept", "[app][widgets]") {
  in_a_frame([] {
    const FittedText fitted = fit_text_lines(kNarration, 300.0f, 10);
    CHECK_FALSE(fitted.cut);
    CHECK(line_count(fitted.shown) > 2);
    std::string joined = fitted.shown;
    std::replace(joined.begin(), joined.end(), '\n', ' ');
    CHECK(joined == kNarration);
    // Each line fits the width.
    std::size_t start = 0;
    while (start <= fitted.shown.size()) {
      const std::size_t end = std::min(fitted.shown.find('\n', start), fitted.shown.size());
      CHECK(ImGui::CalcTextSize(fitted.shown.c_str() + start, fitted.shown.c_str() + end).x <= 300.0f);
      start = end + 1;
    }
  });
}

TEST_CASE("a narration longer than its lines ends in an ellipsis, cut at a word", "[app][widgets]") {
  in_a_frame([] {
    const FittedText fitted = fit_text_lines(kNarration, 300.0f, 2);
    CHECK(fitted.cut);
    CHECK(line_count(fitted.shown) == 2);
    const std::string ellipsis = "\xE2\x80\xA6";
    REQUIRE(fitted.shown.size() > ellipsis.size());
    CHECK(fitted.shown.substr(fitted.shown.size() - ellipsis.size()) == ellipsis);
    const std::string kept = fitted.shown.substr(0, fitted.shown.size() - ellipsis.size());
    std::string joined = kept;
    std::replace(joined.begin(), joined.end(), '\n', ' ');
    CHECK(std::string(kNarration).starts_with(joined));
    CHECK(kNarration[joined.size()] == ' ');  // a whole word left out, not half of one
  });
}
