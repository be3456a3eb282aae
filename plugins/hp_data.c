/* SPDX-License-Identifier: GPL-2.0-or-later
 * hp_data.c: locate huntpack's data folder beside the loaded plugin; see hp_data.h. */
#define _GNU_SOURCE
#include <dlfcn.h>

#include "ws_compat.h"
#include "hp_data.h"

#ifndef HUNTPACK_DATA_SUBDIR
#define HUNTPACK_DATA_SUBDIR "huntpack"
#endif

const char *hp_data_dir(void)
{
    static char *dir; /* computed once; the plugin's location does not change */
    if (!dir) {
        Dl_info info;
        if (dladdr((void *)&hp_data_dir, &info) && info.dli_fname) {
            char *so_dir = g_path_get_dirname(info.dli_fname);
            dir = g_build_filename(so_dir, HUNTPACK_DATA_SUBDIR, NULL);
            g_free(so_dir);
        } else {
            dir = g_strdup(HUNTPACK_DATA_SUBDIR);
        }
    }
    return dir;
}

char *hp_data_file(const char *name) { return g_build_filename(hp_data_dir(), name, NULL); }
