# SPDX-License-Identifier: GPL-3.0-or-later
"""A desktop notification server of the test's own, on the private session
bus that run-e2e.sh starts: it implements org.freedesktop.Notifications
(the part libnotify uses) and writes each notification as one JSON line to
a log, so a test can read exactly what a locked screen would show.

    notification_server.py LOG READY_FILE

READY_FILE is written once the bus name is ours.  A test clicks a
notification with the extra method org.confide.Test.Invoke(id, action),
which emits ActionInvoked as a real server does when a person clicks.
"""

import json
import sys

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

IFACE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


class Server(dbus.service.Object):
    def __init__(self, bus, log_path):
        super().__init__(bus, PATH)
        self.log_path = log_path
        self.next_id = 1

    def _log(self, record):
        with open(self.log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps(record, ensure_ascii=False) + "\n")

    @dbus.service.method(IFACE, in_signature="", out_signature="as")
    def GetCapabilities(self):
        return ["actions", "body"]

    @dbus.service.method(IFACE, in_signature="", out_signature="ssss")
    def GetServerInformation(self):
        return ("confide-test-notifications", "Confide tests", "1.0", "1.2")

    @dbus.service.method(IFACE, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app_name, replaces_id, app_icon, summary, body, actions, hints, timeout):
        notification_id = int(replaces_id) or self.next_id
        self.next_id += 1
        self._log({
            "id": notification_id,
            "app_name": str(app_name),
            "summary": str(summary),
            "body": str(body),
            "actions": [str(a) for a in actions],
            "hints": {str(k): str(v) for k, v in hints.items()},
        })
        return dbus.UInt32(notification_id)

    @dbus.service.method(IFACE, in_signature="u", out_signature="")
    def CloseNotification(self, notification_id):
        self.NotificationClosed(notification_id, dbus.UInt32(3))

    @dbus.service.signal(IFACE, signature="uu")
    def NotificationClosed(self, notification_id, reason):
        pass

    @dbus.service.signal(IFACE, signature="us")
    def ActionInvoked(self, notification_id, action_key):
        pass

    @dbus.service.method("org.confide.Test", in_signature="us", out_signature="")
    def Invoke(self, notification_id, action_key):
        self.ActionInvoked(dbus.UInt32(notification_id), action_key)


def main():
    log_path, ready_path = sys.argv[1], sys.argv[2]
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    name = dbus.service.BusName(IFACE, bus, do_not_queue=True)  # noqa: F841 (held while running)
    server = Server(bus, log_path)  # noqa: F841
    with open(ready_path, "w") as ready:
        ready.write("ready\n")
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
