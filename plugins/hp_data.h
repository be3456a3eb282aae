/* SPDX-License-Identifier: GPL-2.0-or-later
 * hp_data.h: where huntpack's data files (catalogs, signatures) are at run time: the
 * "huntpack" folder beside huntpack.so, as `cmake --install` lays it out. */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/* Absolute path of the data folder (no trailing slash), found once with dladdr(). */
const char *hp_data_dir(void);
/* hp_data_dir()/name in a static-lifetime GLib string (g_free it). */
char *hp_data_file(const char *name);

#ifdef __cplusplus
}
#endif
