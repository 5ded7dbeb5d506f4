// The huge-page helpers live in the public detail header, so the app can back its big arrays
// (the timeline's model of a 10M-event trace) the same way.
#pragma once

#include "wakeline/detail/huge_pages.hpp"
