"""`ordinance serve`: the app in a browser, through textual-serve, on loopback only.

The end-to-end test starts the server in its own process group, loads the page
in headless Chromium (driven over --remote-debugging-pipe, so no extra package
is needed), waits until the app has drawn its welcome screen, and takes a
screenshot. Chromium's one-shot ``--screenshot`` cannot be used: its virtual
clock runs ahead while the app process starts, because websocket traffic does
not hold virtual time the way a pending fetch does, so it always captures the
"connecting" splash. The terminal is drawn on canvases (xterm.js), so its text
is not in the DOM; the test reads it from the websocket frames the page
received instead, and checks the screenshot's pixels.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.request
import zlib
from pathlib import Path
from typing import Any

import pytest

from ordinance_tui.cli import main
from ordinance_tui.core.library import load_library

CHROMIUM = Path("/usr/bin/chromium")
WINDOW = (1200, 760)
_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_refuses_other_addresses(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    assert "not a loopback address" in capsys.readouterr().err
    assert main(["serve", "--host", "example.org"]) == 2
    assert main(["serve", "--port", "70000"]) == 2
    assert "not a port number" in capsys.readouterr().err


def test_serve_reports_a_busy_port(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def test_served_command_keeps_library_options(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    served: dict[str, Any] = {}

    class FakeServer:
        def __init__(self, command: str, **kwargs: Any) -> None:
            served.update(command=command, **kwargs)

        def serve(self) -> None:
            served["served"] = True

    import textual_serve.server

    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    pack = tmp_path / "my pack"
    pack.mkdir()
    assert main(["--library", str(pack), "serve", "--port", str(_free_port())]) == 0
    assert served["served"] and served["host"] == "127.0.0.1"
    assert served["command"] == (f"{sys.executable} -m ordinance_tui.cli --library "
                                 f"'{pack.resolve()}'")
    port = _free_port()
    assert served["public_url"].startswith("http://127.0.0.1:")
    if socket.has_ipv6:
        with contextlib.suppress(OSError):  # only where the IPv6 loopback exists
            socket.create_server(("::1", 0), family=socket.AF_INET6).close()
            assert main(["serve", "--host", "::1", "--port", str(port)]) == 0
            assert served["public_url"] == f"http://[::1]:{port}"


# ---------------------------------------------------------------------------
# Headless Chromium over the DevTools pipe


class _Browser:
    """A headless Chromium driven through --remote-debugging-pipe (fds 3 and 4)."""

    def __init__(self, profile: Path) -> None:
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def wire() -> None:  # in the child: the pipe ends become fds 3 and 4
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run", "--no-default-browser-check",
             f"--user-data-dir={profile}", "--remote-debugging-pipe",
             # Nothing but loopback: the page's web-font link must not leave the machine.
             "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
             f"--window-size={WINDOW[0]},{WINDOW[1]}", "about:blank"],
            preexec_fn=wire, close_fds=False, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None, timeout: float = 20) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        result: dict[str, Any] | None = None
        while result is None:
            # Events read in the same chunk as the reply are kept, not dropped: a
            # terminal frame that arrived just after the reply would otherwise be lost.
            for reply in self._read(deadline):
                if reply.get("id") != self._next:
                    self.events.append(reply)
                elif "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                else:
                    result = reply.get("result", {})
        return result

    def _read(self, deadline: float) -> list[dict[str, Any]]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("Chromium did not answer in time")
        ready, _, _ = select.select([self._from_chrome], [], [], remaining)
        if not ready:
            raise TimeoutError("Chromium did not answer in time")
        chunk = os.read(self._from_chrome, 1 << 20)
        if not chunk:
            raise RuntimeError("Chromium closed the DevTools pipe")
        self._buffer += chunk
        *messages, self._buffer = self._buffer.split(b"\0")
        return [json.loads(m) for m in messages]

    def close(self) -> None:
        with contextlib.suppress(OSError, RuntimeError, TimeoutError):
            self.send("Browser.close", timeout=3)
        _stop(self.proc)
        for fd in (self._to_chrome, self._from_chrome):
            with contextlib.suppress(OSError):
                os.close(fd)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a process and its group: TERM, then KILL, never waiting more than 10 s."""
    for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            break
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(wait)
    with contextlib.suppress(ProcessLookupError):  # anything the group left behind
        os.killpg(proc.pid, signal.SIGKILL)


def _server_output(server: subprocess.Popen[bytes]) -> str:
    """What the server printed so far (non-blocking; for failure messages)."""
    import select

    stream = server.stderr
    if stream is None or not select.select([stream], [], [], 0)[0]:
        return ""
    return os.read(stream.fileno(), 4000).decode("utf-8", "replace")[-800:]


def _wait_http(url: str, proc: subprocess.Popen[bytes], timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"ordinance serve exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode("utf-8")
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"ordinance serve did not answer at {url} within {timeout} s")


def _terminal_text(events: list[dict[str, Any]]) -> str:
    """What the app wrote to the page's terminal, escape sequences removed."""
    out = bytearray()
    for event in events:
        if event.get("method") == "Network.webSocketFrameReceived":
            frame = event["params"]["response"]
            if frame.get("opcode") == 2:
                out += base64.b64decode(frame["payloadData"])
    return _ANSI.sub("", out.decode("utf-8", "replace"))


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and unfiltered RGB(A) rows of an 8-bit PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6), (depth, colour)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                corner = previous[i - bpp] if i >= bpp else 0
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else
                                      up if pb <= pc else corner)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, rows


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                    "(apt-get install chromium); CI installs it")
def test_serve_in_headless_chromium(tmp_path: Path) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [sys.executable, "-m", "ordinance_tui.cli", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    browser = None
    try:
        page = _wait_http(url, server, 30)
        assert 'id="terminal"' in page and f"ws://127.0.0.1:{port}/ws" in page
        browser = _Browser(tmp_path / "profile")
        target = next(t for t in browser.send("Target.getTargets")["targetInfos"]
                      if t["type"] == "page")
        session = browser.send("Target.attachToTarget",
                               {"targetId": target["targetId"], "flatten": True})["sessionId"]
        browser.send("Network.enable", session=session)
        browser.send("Page.navigate", {"url": url}, session=session)
        names = [s.name for s in load_library().seeds.values()]
        deadline = time.monotonic() + 40
        text, state = "", ""
        while time.monotonic() < deadline:
            result = browser.send("Runtime.evaluate", {
                "expression": "document.body ? document.body.className + ' ' + "
                              "document.querySelectorAll('#terminal canvas').length : ''",
                "returnByValue": True}, session=session)
            state = str(result.get("result", {}).get("value", ""))
            text = _terminal_text(browser.events)
            if "-first-byte" in state and sum(name in text for name in names) >= 3:
                break
            time.sleep(0.25)
        else:
            raise AssertionError(f"the welcome screen did not arrive: page {state!r}, "
                                 f"terminal text {text[-400:]!r}, server said "
                                 f"{_server_output(server)!r}")
        time.sleep(1.0)  # let xterm.js paint the last frames
        shot = base64.b64decode(browser.send("Page.captureScreenshot", {"format": "png"},
                                             session=session)["data"])
        (tmp_path / "welcome.png").write_bytes(shot)
        if os.environ.get("ORDINANCE_SCREENSHOT"):
            Path(os.environ["ORDINANCE_SCREENSHOT"]).write_bytes(shot)
        small = base64.b64decode(browser.send("Page.captureScreenshot", {
            "format": "png", "clip": {"x": 0, "y": 0, "width": WINDOW[0] // 2,
                                      "height": 300, "scale": 0.5}}, session=session)["data"])
    finally:
        if browser is not None:
            browser.close()
        _stop(server)
    width, height = _png_size(shot)
    assert width >= WINDOW[0] * 0.9 and height >= WINDOW[1] * 0.6, (width, height)
    w, _, rows = _png_pixels(small)  # the top left, where the welcome text is
    bpp = len(rows[0]) // w
    pixels = [row[i:i + 3] for row in rows for i in range(0, len(row), bpp)]
    background = max(set(pixels), key=pixels.count)
    other = sum(p != background for p in pixels) / len(pixels)
    assert len(set(pixels)) > 20 and other > 0.03, (len(set(pixels)), other)
