// SPDX-License-Identifier: GPL-2.0-or-later
// ByteView helpers that need no inlining.
#include "byteview.h"

namespace huntpack {

const char *parse_status_name(ParseStatus s) {
    switch (s) {
    case ParseStatus::Ok: return "ok";
    case ParseStatus::Truncated: return "truncated";
    case ParseStatus::Malformed: return "malformed";
    case ParseStatus::Unsupported: return "unsupported";
    }
    return "?";
}

} // namespace huntpack
