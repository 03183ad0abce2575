"""LibreOffice itself accepts or rejects every tracked change, then saves plain text.

Run by a Python that has LibreOffice's ``uno`` module (Debian: python3-uno, for
/usr/bin/python3), never imported by the tests::

    python3 lo_tracked.py [--profile URI] IN.docx accept OUT.txt [IN2.docx reject OUT2.txt ...]

``accept`` and ``reject`` dispatch .uno:AcceptAllTrackedChanges or
.uno:RejectAllTrackedChanges; ``none`` saves as it is. Fields are refreshed before
saving. One headless soffice serves every job, with the user profile ``--profile`` names
(a ``file://`` URI, which no other soffice may be using) or else a throw-away one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

COMMANDS = {"accept": ".uno:AcceptAllTrackedChanges", "reject": ".uno:RejectAllTrackedChanges"}


def _prop(name: str, value: object) -> PropertyValue:
    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


def run(jobs: list[tuple[str, str, str]], profile_uri: str | None = None) -> None:
    scratch = None if profile_uri else tempfile.mkdtemp(prefix="ordinance-lo-")
    profile = profile_uri or f"file://{scratch}"
    pipe = f"ordinance-redline-{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo",
         f"-env:UserInstallation={profile}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + 60
        while True:
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise SystemExit("LibreOffice did not start within 60 s") from None
                time.sleep(0.1)
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        for source, mode, target in jobs:
            doc = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0,
                (_prop("Hidden", True),))
            if mode in COMMANDS:
                frame = doc.getCurrentController().getFrame()
                dispatcher.executeDispatch(frame, COMMANDS[mode], "", 0, ())
            doc.getTextFields().refresh()
            doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)),
                           (_prop("FilterName", "Text (encoded)"),
                            _prop("FilterOptions", "UTF8,LF")))
            doc.close(True)
        with contextlib.suppress(Exception):  # the bridge drops as soffice quits
            desktop.terminate()
    finally:
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    profile_arg = None
    if args[:1] == ["--profile"] and len(args) > 1:
        profile_arg, args = args[1], args[2:]
    if not args or len(args) % 3:
        raise SystemExit(__doc__)
    run([(args[i], args[i + 1], args[i + 2]) for i in range(0, len(args), 3)], profile_arg)
