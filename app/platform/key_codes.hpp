// The keys the app's shortcuts read. ImGui 1.86's GLFW backend indexes io.KeysDown by GLFW key
// code, which for letters, digits and punctuation is their ASCII code (GLFW_KEY_Q == 'Q'); 1.87
// replaced this with ImGuiKey. The GLFW header itself is not included here: only the window owns it.
#pragma once

namespace wakeline::app::keys {

constexpr int kQ = 'Q';
constexpr int kO = 'O';
constexpr int kP = 'P';
constexpr int kS = 'S';
constexpr int k0 = '0';
constexpr int kEqual = '=';
constexpr int kMinus = '-';
constexpr int kSlash = '/';  // with Shift: '?' on a US layout
constexpr int kF5 = 294;     // GLFW_KEY_F5

}  // namespace wakeline::app::keys
