#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# xwin.py: what xdotool cannot tell about the X server's top-level windows (used by gui_lib.sh).
#
#   python3 xwin.py blockers    ids of modal message boxes (one per line, decimal like xdotool)
#   python3 xwin.py list        every mapped top-level window, for debugging
#
# A "blocker" is a mapped top-level window without a name (WM_NAME) that is transient for another
# window and not override-redirect. That is Wireshark's error/warning message box (a QMessageBox:
# untitled, modal, so the GUI ignores every other input until it is dismissed). Qt's menu popups
# are override-redirect and its splash screen is transient for nothing, so neither counts; every
# dialog huntpack's tests expect has a title. Uses libX11 through ctypes (libX11 comes with
# xdotool), so no x11-utils is needed.
import ctypes
import ctypes.util
import sys

X = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
Window = ctypes.c_ulong


class XWindowAttributes(ctypes.Structure):
    _fields_ = [
        ("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int), ("height", ctypes.c_int),
        ("border_width", ctypes.c_int), ("depth", ctypes.c_int), ("visual", ctypes.c_void_p),
        ("root", Window), ("c_class", ctypes.c_int), ("bit_gravity", ctypes.c_int),
        ("win_gravity", ctypes.c_int), ("backing_store", ctypes.c_int),
        ("backing_planes", ctypes.c_ulong), ("backing_pixel", ctypes.c_ulong),
        ("save_under", ctypes.c_int), ("colormap", ctypes.c_ulong), ("map_installed", ctypes.c_int),
        ("map_state", ctypes.c_int), ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p),
    ]


IS_VIEWABLE = 2
X.XOpenDisplay.restype = ctypes.c_void_p
X.XOpenDisplay.argtypes = [ctypes.c_char_p]
X.XDefaultRootWindow.restype = Window
X.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
X.XQueryTree.argtypes = [ctypes.c_void_p, Window, ctypes.POINTER(Window), ctypes.POINTER(Window),
                         ctypes.POINTER(ctypes.POINTER(Window)), ctypes.POINTER(ctypes.c_uint)]
X.XGetWindowAttributes.argtypes = [ctypes.c_void_p, Window, ctypes.POINTER(XWindowAttributes)]
X.XFetchName.argtypes = [ctypes.c_void_p, Window, ctypes.POINTER(ctypes.c_void_p)]
X.XGetTransientForHint.argtypes = [ctypes.c_void_p, Window, ctypes.POINTER(Window)]
X.XFree.argtypes = [ctypes.c_void_p]
X.XCloseDisplay.argtypes = [ctypes.c_void_p]
# A window may vanish between XQueryTree and the next request: ignore X errors (BadWindow).
ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(lambda d, e: 0)
X.XSetErrorHandler(ERROR_HANDLER)


def windows(dpy):
    root = X.XDefaultRootWindow(dpy)
    r, p, n = Window(), Window(), ctypes.c_uint()
    children = ctypes.POINTER(Window)()
    if not X.XQueryTree(dpy, root, ctypes.byref(r), ctypes.byref(p), ctypes.byref(children),
                        ctypes.byref(n)):
        return
    ids = [children[i] for i in range(n.value)]
    if children:
        X.XFree(children)
    for w in ids:
        attr = XWindowAttributes()
        if not X.XGetWindowAttributes(dpy, w, ctypes.byref(attr)) or attr.map_state != IS_VIEWABLE:
            continue
        raw = ctypes.c_void_p()
        name = ""
        if X.XFetchName(dpy, w, ctypes.byref(raw)) and raw.value:
            name = ctypes.string_at(raw.value).decode("utf-8", "replace")
            X.XFree(raw)
        transient = Window(0)
        X.XGetTransientForHint(dpy, w, ctypes.byref(transient))
        yield w, name, transient.value, attr


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in ("blockers", "list"):
        sys.exit("usage: xwin.py blockers|list")
    dpy = X.XOpenDisplay(None)
    if not dpy:
        sys.exit("xwin.py: cannot open the X display")
    for w, name, transient, a in windows(dpy):
        if sys.argv[1] == "list":
            print(f"{w} override_redirect={a.override_redirect} transient_for={transient} "
                  f"{a.width}x{a.height}+{a.x}+{a.y} {name!r}")
        elif not name and transient and not a.override_redirect:
            print(w)
    X.XCloseDisplay(dpy)


if __name__ == "__main__":
    main()
