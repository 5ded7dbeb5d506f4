// Screenshots: copies what the window shows into an RGB image and saves it as a PNG.
// Used by `wakeline --screenshot FILE.png`, by docs and by the GUI smoke test, which reads the PNG.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wakeline::app {

struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;  // rows top to bottom, 3 bytes per pixel
};

// Reads the back buffer of the current GL context. Call after render_frame and before
// present_frame: once the buffers are swapped the back buffer's contents are undefined.
RgbImage read_back_buffer(int width, int height);
// Reads the first colour attachment of the framebuffer object bound for reading (offscreen_frame.hpp).
RgbImage read_color_attachment(int width, int height);

// Writes `image` to `path` as a PNG. On failure returns false and says why in `error`.
bool write_png(const RgbImage& image, const std::string& path, std::string& error);

}  // namespace wakeline::app
