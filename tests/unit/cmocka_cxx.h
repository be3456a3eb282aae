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
#include <initializer_list>
#include <string>
#include <vector>

// Absolute path of a shared capture, or "" when HUNTPACK_SHARED_CAPTURES is unset.
inline std::string shared_capture(const char *rel) {
    const char *root = std::getenv("HUNTPACK_SHARED_CAPTURES");
    if (!root || !*root)
        return {};
    return std::string(root) + "/" + rel;
}

// Bytes from a hex string ("16030100..."), for test vectors copied from captures and RFCs.
inline std::vector<uint8_t> from_hex(const char *hex) {
    std::vector<uint8_t> out;
    for (size_t i = 0; hex[i] && hex[i + 1]; i += 2)
        out.push_back(static_cast<uint8_t>(std::stoul(std::string(hex + i, 2), nullptr, 16)));
    return out;
}

// Concatenation of byte strings, for building messages field by field.
inline std::vector<uint8_t> cat(std::initializer_list<std::vector<uint8_t>> parts) {
    std::vector<uint8_t> out;
    for (const auto &p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}
