// SPDX-License-Identifier: GPL-2.0-or-later
// cmocka.h is not self-contained and has no extern "C" guard: include this instead.
#pragma once
#include <cstdarg>
#include <cstddef>
#include <csetjmp>
#include <cstdint>
extern "C" {
#include <cmocka.h>
}
#include <cstdlib>
#include <string>

// Absolute path of a shared capture, or "" when HUNTPACK_SHARED_CAPTURES is unset.
inline std::string shared_capture(const char *rel) {
    const char *root = std::getenv("HUNTPACK_SHARED_CAPTURES");
    if (!root || !*root)
        return {};
    return std::string(root) + "/" + rel;
}
