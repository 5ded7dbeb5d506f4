#!/usr/bin/env python3
"""A trace file dropped onto the real window, through the X server's drag and drop (XDND):

  drop_file.py WAKELINE OUT_DIR CASE
  CASE: good_trace | bad_trace

This script plays the part of a file manager: it is an XDND *source* (protocol version 5, what
GLFW 3.3's X11 backend speaks), written with ctypes over libX11 so nothing needs installing. The
drop goes GLFW's drop callback -> install_drop_target's inbox -> open_dropped_files ->
open_trace_file, the same path a teacher's drag from a file manager takes.

good_trace: records worker-queue headless, starts the window on sequential-vs-join, drops the
recorded file; the window then shows worker-queue titled with the file's name, and the console says
it was opened. bad_trace: drops a truncated copy (its name has a space, so the percent-encoded URI
must be decoded on the way in); a modal says why it cannot be opened, the console names the file,
and the sequential-vs-join run stays on screen.

Each case starts its own Xvfb. Skips (77) without Xvfb, xdotool or libX11.
"""
import ctypes
import functools
import os
import select
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gui_cases import run_cases  # noqa: E402
from screenshot_smoke import SKIP  # noqa: E402  (same folder)
from drive_window import Failure, check, live_window  # noqa: E402
from stepping import record  # noqa: E402

XDND_VERSION = 5  # the newest version GLFW 3.3 understands; it ignores an XdndEnter above it
DND_TIMEOUT = 10  # seconds for each answer from the window (it answers once per frame)

# Xlib constants (X.h).
NONE = 0
PROP_MODE_REPLACE, PROP_MODE_APPEND = 0, 2
PROPERTY_CHANGE_MASK = 1 << 22
XA_ATOM = 4
PROPERTY_NOTIFY, SELECTION_CLEAR, SELECTION_REQUEST, SELECTION_NOTIFY, CLIENT_MESSAGE = 28, 29, 30, 31, 33

# ---- Xlib through ctypes -----------------------------------------------------------------------
# Only the event layouts this script reads or writes, for LP64 (longs and XIDs are 64 bits).

Window = Atom = Time = ctypes.c_ulong


class XClientMessageEvent(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", Window), ("message_type", Atom), ("format", ctypes.c_int),
                ("l", ctypes.c_long * 5)]


class XSelectionRequestEvent(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("owner", Window), ("requestor", Window), ("selection", Atom),
                ("target", Atom), ("property", Atom), ("time", Time)]


class XSelectionEvent(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("requestor", Window), ("selection", Atom), ("target", Atom),
                ("property", Atom), ("time", Time)]


class XPropertyEvent(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", Window), ("atom", Atom), ("time", Time), ("state", ctypes.c_int)]


class XEvent(ctypes.Union):
    _fields_ = [("type", ctypes.c_int), ("xclient", XClientMessageEvent), ("xselectionrequest", XSelectionRequestEvent),
                ("xselection", XSelectionEvent), ("xproperty", XPropertyEvent), ("pad", ctypes.c_long * 24)]


class XErrorEvent(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("display", ctypes.c_void_p), ("resourceid", ctypes.c_ulong),
                ("serial", ctypes.c_ulong), ("error_code", ctypes.c_ubyte), ("request_code", ctypes.c_ubyte),
                ("minor_code", ctypes.c_ubyte)]


ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(XErrorEvent))


@functools.lru_cache(maxsize=None)
def load_xlib():
    """libX11 with the prototypes this script uses, or None when it is not installed. Declaring
    every argument matters: ctypes would otherwise pass 64-bit XIDs and pointers as 32-bit ints."""
    try:
        x = ctypes.CDLL("libX11.so.6")
    except OSError:
        return None
    dpy, p = ctypes.c_void_p, ctypes.POINTER
    prototypes = {
        "XOpenDisplay": (dpy, [ctypes.c_char_p]),
        "XCloseDisplay": (ctypes.c_int, [dpy]),
        "XConnectionNumber": (ctypes.c_int, [dpy]),
        "XDefaultRootWindow": (Window, [dpy]),
        "XInternAtom": (Atom, [dpy, ctypes.c_char_p, ctypes.c_int]),
        "XCreateSimpleWindow": (Window, [dpy, Window, ctypes.c_int, ctypes.c_int, ctypes.c_uint, ctypes.c_uint,
                                         ctypes.c_uint, ctypes.c_ulong, ctypes.c_ulong]),
        "XDestroyWindow": (ctypes.c_int, [dpy, Window]),
        "XSelectInput": (ctypes.c_int, [dpy, Window, ctypes.c_long]),
        "XChangeProperty": (ctypes.c_int, [dpy, Window, Atom, Atom, ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]),
        "XGetWindowProperty": (ctypes.c_int, [dpy, Window, Atom, ctypes.c_long, ctypes.c_long, ctypes.c_int, Atom,
                                              p(Atom), p(ctypes.c_int), p(ctypes.c_ulong), p(ctypes.c_ulong),
                                              p(ctypes.c_void_p)]),
        "XFree": (ctypes.c_int, [ctypes.c_void_p]),
        "XSetSelectionOwner": (ctypes.c_int, [dpy, Atom, Window, Time]),
        "XGetSelectionOwner": (Window, [dpy, Atom]),
        "XSendEvent": (ctypes.c_int, [dpy, Window, ctypes.c_int, ctypes.c_long, p(XEvent)]),
        "XPending": (ctypes.c_int, [dpy]),
        "XNextEvent": (ctypes.c_int, [dpy, p(XEvent)]),
        "XSync": (ctypes.c_int, [dpy, ctypes.c_int]),
        "XFlush": (ctypes.c_int, [dpy]),
        "XGetGeometry": (ctypes.c_int, [dpy, Window, p(Window), p(ctypes.c_int), p(ctypes.c_int), p(ctypes.c_uint),
                                        p(ctypes.c_uint), p(ctypes.c_uint), p(ctypes.c_uint)]),
        "XTranslateCoordinates": (ctypes.c_int, [dpy, Window, Window, ctypes.c_int, ctypes.c_int, p(ctypes.c_int),
                                                 p(ctypes.c_int), p(Window)]),
        "XSetErrorHandler": (ctypes.c_void_p, [ERROR_HANDLER]),
        "XGetErrorText": (ctypes.c_int, [dpy, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]),
    }
    for name, (restype, argtypes) in prototypes.items():
        function = getattr(x, name)
        function.restype, function.argtypes = restype, argtypes
    return x


# ---- The drag source ---------------------------------------------------------------------------

class DragSource:
    """One X connection of our own, with a 1x1 unmapped window that owns XdndSelection and receives
    the target's answers. Every wait has a deadline; X errors are collected instead of ending the
    process (Xlib's default handler calls exit), and reported as a Failure."""

    def __init__(self, x, display_name):
        self.x = x
        self.dpy = x.XOpenDisplay(display_name.encode())
        check(self.dpy, f"cannot open display {display_name}")
        self.errors = []
        self.handler = ERROR_HANDLER(self.on_error)  # kept on self: ctypes must not free the callback
        self.previous_handler = x.XSetErrorHandler(self.handler)
        self.root = x.XDefaultRootWindow(self.dpy)
        self.window = x.XCreateSimpleWindow(self.dpy, self.root, 0, 0, 1, 1, 0, 0, 0)
        # PropertyNotify on our own window is how we learn a server timestamp (see server_time).
        x.XSelectInput(self.dpy, self.window, PROPERTY_CHANGE_MASK)
        self.atoms = {}
        self.uri_list = b""
        self.status = None    # the last XdndStatus: (accepted, action)
        self.finished = None  # XdndFinished: (accepted, action)
        self.served = []      # targets the window asked the selection for
        self.server_timestamp = None
        self.sync()

    def on_error(self, _display, event):
        """Xlib calls this for an X protocol error; returning lets the script go on and say which."""
        e = event.contents
        text = ctypes.create_string_buffer(200)
        self.x.XGetErrorText(self.dpy, e.error_code, text, len(text))
        self.errors.append(f"X error {text.value.decode(errors='replace')} (request {e.request_code}.{e.minor_code}) "
                           f"on 0x{e.resourceid:x}")
        return 0

    def sync(self):
        """XSync makes every request so far reach the server, so errors show up here, not later."""
        self.x.XSync(self.dpy, 0)
        check(not self.errors, "; ".join(self.errors))

    def atom(self, name):
        if name not in self.atoms:
            self.atoms[name] = self.x.XInternAtom(self.dpy, name.encode(), 0)
        return self.atoms[name]

    def close(self):
        self.x.XDestroyWindow(self.dpy, self.window)
        self.x.XSync(self.dpy, 0)
        self.x.XCloseDisplay(self.dpy)
        self.x.XSetErrorHandler(ctypes.cast(self.previous_handler, ERROR_HANDLER))  # before self.handler goes away

    # -- waiting for the server and the window --

    def pump(self, what, done, timeout=DND_TIMEOUT):
        """Handles events until done() holds, or fails after `timeout` seconds. Every event is handled
        whatever we are waiting for, so an answer arriving early (an XdndStatus, or the window asking
        for the data before we look for it) is recorded, not lost."""
        deadline = time.time() + timeout
        fd = self.x.XConnectionNumber(self.dpy)
        event = XEvent()
        while True:
            while self.x.XPending(self.dpy):  # also flushes what we have sent
                self.x.XNextEvent(self.dpy, ctypes.byref(event))
                self.handle(event)
            check(not self.errors, f"while waiting for {what}: {'; '.join(self.errors)}")
            if done():
                return
            remaining = deadline - time.time()
            check(remaining > 0, f"no {what} from the window within {timeout} s")
            select.select([fd], [], [], min(remaining, 0.1))

    def handle(self, event):
        if event.type == PROPERTY_NOTIFY and event.xproperty.window == self.window:
            self.server_timestamp = event.xproperty.time
        elif event.type == CLIENT_MESSAGE:
            message = event.xclient
            if message.message_type == self.atom("XdndStatus"):
                # l[1] bit 0: the target accepts the drop here; l[4]: the action it will do.
                self.status = (bool(message.l[1] & 1), message.l[4])
            elif message.message_type == self.atom("XdndFinished"):
                # Version 5 added l[1] bit 0 (the drop succeeded) and l[2] (the action taken). GLFW
                # 3.3 puts the number of bytes it read in l[1], so an even length clears bit 0:
                # any nonzero value means it got the data.
                self.finished = (message.l[1] != 0, message.l[2])
        elif event.type == SELECTION_REQUEST:
            self.answer_selection_request(event.xselectionrequest)
        elif event.type == SELECTION_CLEAR:
            self.errors.append("another client took XdndSelection in the middle of the drop")

    def server_time(self):
        """A timestamp from the X server's clock. XDND passes one with XdndPosition and XdndDrop,
        and the target converts the selection at that time: ownership taken with a later
        timestamp than the drop's would make the server refuse the conversion. Appending nothing
        to a property of our own window makes the server send a PropertyNotify stamped with 'now'."""
        self.server_timestamp = None
        self.x.XChangeProperty(self.dpy, self.window, self.atom("WAKELINE_TIMESTAMP"), XA_ATOM, 32,
                               PROP_MODE_APPEND, None, 0)
        self.pump("PropertyNotify (a server timestamp)", lambda: self.server_timestamp is not None, timeout=5)
        return self.server_timestamp

    # -- the protocol --

    def xdnd_version(self, target):
        """The XdndAware property (type ATOM) on the target's top-level window holds the highest
        protocol version it speaks; a window without it does not take drops at all."""
        actual_type, actual_format = Atom(), ctypes.c_int()
        count, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        self.x.XGetWindowProperty(self.dpy, target, self.atom("XdndAware"), 0, 1, 0, XA_ATOM, ctypes.byref(actual_type),
                                  ctypes.byref(actual_format), ctypes.byref(count), ctypes.byref(after), ctypes.byref(data))
        self.sync()
        try:
            if actual_type.value != XA_ATOM or actual_format.value != 32 or count.value < 1:
                return None
            return ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))[0]
        finally:
            if data:
                self.x.XFree(data)

    def point_inside(self, target):
        """The middle of the target window in root coordinates: XdndPosition speaks in root
        coordinates, and the target translates them into its own."""
        root, x, y = Window(), ctypes.c_int(), ctypes.c_int()
        width, height, border, depth = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
        check(self.x.XGetGeometry(self.dpy, target, ctypes.byref(root), ctypes.byref(x), ctypes.byref(y),
                                  ctypes.byref(width), ctypes.byref(height), ctypes.byref(border), ctypes.byref(depth)),
              f"cannot get the geometry of window 0x{target:x}")
        root_x, root_y, child = ctypes.c_int(), ctypes.c_int(), Window()
        self.x.XTranslateCoordinates(self.dpy, target, self.root, width.value // 2, height.value // 2,
                                     ctypes.byref(root_x), ctypes.byref(root_y), ctypes.byref(child))
        self.sync()
        return root_x.value, root_y.value

    def send(self, target, message_type, l0=0, l1=0, l2=0, l3=0, l4=0):
        """An XDND message is a 32-bit ClientMessage sent straight to the target window (no event
        mask: it goes to the client that created the window). l[0] is always our window, so the
        target knows where to answer."""
        event = XEvent()
        message = event.xclient
        message.type, message.window, message.format = CLIENT_MESSAGE, target, 32
        message.message_type = self.atom(message_type)
        for i, value in enumerate((l0, l1, l2, l3, l4)):
            message.l[i] = value
        check(self.x.XSendEvent(self.dpy, target, 0, 0, ctypes.byref(event)), f"XSendEvent {message_type} failed")
        self.x.XFlush(self.dpy)

    def answer_selection_request(self, request):
        """After XdndDrop the target calls XConvertSelection(XdndSelection, text/uri-list): the
        server forwards that to us, the owner, as a SelectionRequest. We write the data into the
        property it named on its window, typed text/uri-list in 8-bit units (GLFW reads the property
        with exactly that type), then tell it with a SelectionNotify. Anything else we cannot
        provide is refused with property None, as the ICCCM asks."""
        self.served.append(request.target)
        prop = request.property or request.target  # an obsolete requestor may leave the property None
        if request.selection == self.atom("XdndSelection") and request.target == self.atom("text/uri-list"):
            self.x.XChangeProperty(self.dpy, request.requestor, prop, request.target, 8, PROP_MODE_REPLACE,
                                   self.uri_list, len(self.uri_list))
        else:
            prop = NONE
        reply = XEvent()
        notify = reply.xselection
        notify.type, notify.requestor, notify.selection = SELECTION_NOTIFY, request.requestor, request.selection
        notify.target, notify.property, notify.time = request.target, prop, request.time
        self.x.XSendEvent(self.dpy, request.requestor, 0, 0, ctypes.byref(reply))
        self.x.XFlush(self.dpy)

    def drop(self, target, paths):
        """The whole drag, as a file manager does it once the pointer is over the window:
        XdndEnter, XdndPosition, wait for an accepting XdndStatus, XdndDrop, serve the data, wait
        for XdndFinished. Returns what the target said, for the log."""
        version = self.xdnd_version(target)
        check(version is not None, f"window 0x{target:x} has no XdndAware property: it takes no drops")
        version = min(version, XDND_VERSION)
        check(version >= 2, f"window 0x{target:x} speaks XDND version {version}, too old to finish a drop")
        self.uri_list = b"".join(b"file://" + urllib.parse.quote(os.path.abspath(p)).encode() + b"\r\n" for p in paths)
        uri_list_type, copy = self.atom("text/uri-list"), self.atom("XdndActionCopy")

        # The data lives in the XdndSelection: own it first, with a server timestamp that the
        # drop's timestamp will not precede.
        now = self.server_time()
        self.x.XSetSelectionOwner(self.dpy, self.atom("XdndSelection"), self.window, now)
        self.sync()
        check(self.x.XGetSelectionOwner(self.dpy, self.atom("XdndSelection")) == self.window,
              "could not take ownership of XdndSelection")

        # XdndEnter: l[1] has the version in its top byte; bit 0 clear says our (up to three) types
        # are l[2..4] rather than in an XdndTypeList property.
        self.send(target, "XdndEnter", self.window, version << 24, uri_list_type)
        # XdndPosition: l[2] packs the root coordinates as x << 16 | y, l[3] is the timestamp,
        # l[4] the action we propose. The target answers each position with one XdndStatus.
        x, y = self.point_inside(target)
        self.send(target, "XdndPosition", self.window, 0, (x << 16) | y, now, copy)
        self.pump("XdndStatus", lambda: self.status is not None)
        accepted, action = self.status
        if not accepted:
            self.send(target, "XdndLeave", self.window)  # tell it the drag is over, politely
            raise Failure(f"the window refused the drop of {paths} (XdndStatus without the accept bit)")

        # XdndDrop: l[2] is the timestamp the target must use to convert the selection.
        self.send(target, "XdndDrop", self.window, 0, now)
        self.pump("XdndFinished", lambda: self.finished is not None)
        check(uri_list_type in self.served, "the window finished the drop without asking for the text/uri-list")
        check(self.finished[0], "the window says the drop failed (XdndFinished without the success bit)")
        self.sync()
        return {"version": version, "status_action": self.atom_name(action), "finished_action": self.atom_name(self.finished[1])}

    def atom_name(self, atom):
        names = {value: name for name, value in self.atoms.items()}
        return names.get(atom, str(atom))


def drop_onto(session, paths):
    """Drops `paths` onto the session's window, from a connection of our own to its Xvfb."""
    x = load_xlib()
    check(x is not None, "libX11 went missing")
    source = DragSource(x, session.env["DISPLAY"])
    try:
        said = source.drop(int(session.window), paths)
    finally:
        source.close()
    print(f"dropped {paths}: {said}")


# ---- Cases -------------------------------------------------------------------------------------

START_ON = ["--lesson", "sequential-vs-join", "--run"]


def require_xlib():
    if load_xlib() is None:
        print("no libX11: skipping")
        sys.exit(SKIP)


def first_run(session):
    return session.wait_for("the sequential-vs-join run", lambda d: d["app"]["trace"]["scenario"] == "sequential-vs-join"
                            and d["app"]["run"]["phase"] == "finished")


def good_trace(wakeline, out_dir):
    require_xlib()
    path, trace = record(wakeline, out_dir, "worker_queue", "worker-queue", [])
    with live_window(wakeline, out_dir, START_ON) as session:
        first_run(session)
        drop_onto(session, [path])
        dump = session.wait_for("the dropped trace on screen", lambda d: d["app"]["trace"]["scenario"] == "worker-queue")
        shown = dump["app"]["trace"]
        check(shown["title"] == os.path.basename(path), f"the trace is titled {shown['title']!r}, not after the file")
        opened = f"Opened {path} ({len(trace['events']):,} events, lesson worker-queue)"  # grouped, as the app writes counts
        check(opened in dump["app"]["console"], f"the console does not say {opened!r}: {dump['app']['console'][-5:]}")
        check("message:OK" not in dump["layout"]["widgets"], "a message box is open after a good drop")
        session.finish()


def bad_trace(wakeline, out_dir):
    require_xlib()
    good, _ = record(wakeline, out_dir, "whole", "worker-queue", [])
    broken = os.path.join(out_dir, "cut short.wakeline.json")  # a space: sent as %20, must arrive decoded
    with open(good, "rb") as f, open(broken, "wb") as out:
        data = f.read()
        out.write(data[:len(data) // 2])
    with live_window(wakeline, out_dir, START_ON) as session:
        first_run(session)
        drop_onto(session, [broken])
        refused = session.wait_for("the modal about the broken file", lambda d: "message:OK" in d["layout"]["widgets"])
        console = refused["app"]["console"]
        check(any(line.startswith("Cannot open the trace") and broken in line for line in console),
              f"the console does not say that {broken} could not be opened: {console[-5:]}")
        check(refused["app"]["trace"]["scenario"] == "sequential-vs-join", "the broken file replaced the run on screen")
        session.attempt("the modal closed", lambda: session.click("message:OK"),
                        lambda d: "message:OK" not in d["layout"]["widgets"])
        check(session.dump()["app"]["trace"]["scenario"] == "sequential-vs-join", "the run on screen changed")
        session.finish()


CASES = {"good_trace": good_trace, "bad_trace": bad_trace}


def main():
    return run_cases(CASES, __doc__, "drop_", Failure)


if __name__ == "__main__":
    sys.exit(main())
