// SPDX-License-Identifier: GPL-2.0-or-later
// Severity levels shared by every huntpack::traits classifier (soctrait.severity).
// Reference: DESIGN.md "User-facing contract" (0 info, 1 note, 2 warn, 3 alert).
// Limitations: none; values are part of the analyst-facing contract, keep them stable.
#pragma once

#include <cstdint>

namespace huntpack::traits {

enum Severity : uint8_t { kInfo = 0, kNote = 1, kWarn = 2, kAlert = 3 };

const char *severity_name(uint8_t s);

} // namespace huntpack::traits
