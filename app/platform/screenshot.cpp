#include "platform/screenshot.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include <glad/gl.h>

// libstb already exports these functions; STATIC keeps this copy private to this file so the
// two can never be mixed up at link time.
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>

#include "wakeline/file_write.hpp"

namespace wakeline::app {

namespace {

// Reads `buffer` of the bound read framebuffer, top row first.
RgbImage read_pixels(int width, int height, GLenum buffer) {
  RgbImage image;
  if (width <= 0 || height <= 0) return image;
  image.width = width;
  image.height = height;
  const std::size_t row_bytes = static_cast<std::size_t>(width) * 3;
  image.pixels.resize(row_bytes * static_cast<std::size_t>(height));

  glReadBuffer(buffer);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);  // rows of 3-byte pixels are not 4-byte aligned
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, image.pixels.data());

  // OpenGL's origin is the bottom-left corner; PNG rows start at the top.
  for (int top = 0, bottom = height - 1; top < bottom; ++top, --bottom) {
    std::swap_ranges(image.pixels.begin() + static_cast<std::ptrdiff_t>(row_bytes) * top,
                     image.pixels.begin() + static_cast<std::ptrdiff_t>(row_bytes) * (top + 1),
                     image.pixels.begin() + static_cast<std::ptrdiff_t>(row_bytes) * bottom);
  }
  return image;
}

}  // namespace

RgbImage read_back_buffer(int width, int height) { return read_pixels(width, height, GL_BACK); }

RgbImage read_color_attachment(int width, int height) { return read_pixels(width, height, GL_COLOR_ATTACHMENT0); }

bool write_png(const RgbImage& image, const std::string& path, std::string& error) {
  if (image.width <= 0 || image.height <= 0) {
    error = "cannot write '" + path + "': the window has no pixels to save";
    return false;
  }
  // Encoded in memory first, so the file is written whole or not at all, like every other file.
  std::string png;
  const auto append = [](void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
  };
  if (stbi_write_png_to_func(append, &png, image.width, image.height, 3, image.pixels.data(), image.width * 3) == 0) {
    error = "cannot write '" + path + "': the PNG could not be encoded";
    return false;
  }
  error = write_file_atomically(path, png);
  return error.empty();
}

}  // namespace wakeline::app
