// SPDX-License-Identifier: GPL-2.0-or-later
// Shared helpers for huntpack's libFuzzer harnesses (tests/fuzz/fuzz_*.cpp).
// Each harness calls one core entry point of heuristics/ without epan. A harness aborts
// (HP_CHECK) only on a broken invariant the header documents (a result pointing outside the
// input, a length above the documented cap), so every report is a real bug in the core.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>
#include <fuzzer/FuzzedDataProvider.h>

#define HP_CHECK(cond)                                                                     \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            std::fprintf(stderr, "%s:%d: invariant violated: %s\n", __FILE__, __LINE__,   \
                         #cond);                                                           \
            std::abort();                                                                  \
        }                                                                                  \
    } while (0)

// Keeps the optimiser from dropping a result we only compute for its side effects.
template <typename T> inline void hp_use(const T &v) {
    asm volatile("" : : "g"(&v) : "memory");
}

#ifndef HUNTPACK_DATA_DIR
#error "HUNTPACK_DATA_DIR must point at heuristics/data"
#endif
