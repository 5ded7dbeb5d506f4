#include "count_text.hpp"

namespace wakeline::app {

std::string grouped(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string text;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) text.push_back(',');
    text.push_back(digits[i]);
  }
  return text;
}

std::string counted(std::uint64_t n, std::string_view one, std::string_view many) {
  std::string text = grouped(n);
  text.append(" ").append(n == 1 ? one : many);
  return text;
}

}  // namespace wakeline::app
