// Placeholder translation unit until the lessons land (issue: scenarios).
namespace wakeline::scenarios {}
