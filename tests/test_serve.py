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

from .conftest import free_port

CHROMIUM = Path("/usr/bin/chromium")
WINDOW = (1200, 760)
_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)")


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

    import ordinance_tui.serve

    monkeypatch.setattr(ordinance_tui.serve, "GuardedServer", FakeServer)
    pack = tmp_path / "my pack"
    pack.mkdir()
    assert main(["--library", str(pack), "serve", "--port", str(free_port())]) == 0
    assert served["served"] and served["host"] == "127.0.0.1"
    assert served["command"] == (f"{sys.executable} -m ordinance_tui.cli --library "
                                 f"'{pack.resolve()}'")
    port = free_port()
    if socket.has_ipv6:
        with contextlib.suppress(OSError):  # only where the IPv6 loopback exists
            socket.create_server(("::1", 0), family=socket.AF_INET6).close()
            assert main(["serve", "--host", "::1", "--port", str(port)]) == 0
            assert served["host"] == "::1" and served["port"] == port


def test_guard_addresses() -> None:
    from ordinance_tui.serve import GuardedServer, netloc

    assert netloc("::1", 8000) == "[::1]:8000"
    server = GuardedServer("true", host="::1", port=8000, title="t", token="abc")
    assert server.url == "http://[::1]:8000/abc/" and server.hosts == {"[::1]:8000"}
    assert GuardedServer("true", host="127.0.0.1", port=8000, title="t").token != \
        GuardedServer("true", host="127.0.0.1", port=8000, title="t").token


def _start_serve(port: int) -> tuple[subprocess.Popen[bytes], str]:
    """A real `ordinance serve` on 127.0.0.1 and the address it printed (token included)."""
    server = subprocess.Popen(
        [sys.executable, "-m", "ordinance_tui.cli", "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    assert server.stdout is not None
    deadline, seen = time.monotonic() + 30, b""
    while time.monotonic() < deadline and server.poll() is None:
        if select.select([server.stdout], [], [], 0.5)[0]:
            seen += os.read(server.stdout.fileno(), 4096)
            found = re.search(rb"http://127\.0\.0\.1:%d/[A-Za-z0-9_-]+/" % port, seen)
            if found:  # printed on start-up, just before the port listens
                url = found.group().decode()
                _wait_http(url, server, 30)
                return server, url
    _stop(server)
    raise AssertionError(f"ordinance serve printed no address: {seen!r}")


def _app_processes(server: subprocess.Popen[bytes]) -> int:
    """How many app processes (``-m ordinance_tui.cli`` without ``serve``) the server started."""
    count = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == server.pid:  # the parent pid
                argv = (entry / "cmdline").read_bytes().split(b"\0")
                count += b"ordinance_tui.cli" in argv and b"serve" not in argv
    return count


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="counts the app processes in /proc")
def test_serve_refuses_other_pages_hosts_and_missing_token() -> None:
    """The attack of the reliability review (S1): a page on another origin, a rebound host
    name, or a guess without the token gets nothing, and no app process is started."""
    import asyncio

    import aiohttp

    port = free_port()
    server, url = _start_serve(port)
    origin = f"http://127.0.0.1:{port}"
    ws_url = url.replace("http://", "ws://") + "ws"
    statuses: dict[str, int] = {}

    async def attempt(name: str, target: str, headers: dict[str, str]) -> None:
        async with aiohttp.ClientSession() as session:
            try:
                async with session.ws_connect(target, headers=headers) as ws:
                    await ws.close()
                statuses[name] = 101
            except aiohttp.WSServerHandshakeError as error:
                statuses[name] = error.status

    async def page(name: str, target: str, headers: dict[str, str]) -> None:
        async with aiohttp.ClientSession() as session, \
                session.get(target, headers=headers, allow_redirects=False) as response:
            statuses[name] = response.status

    async def attack() -> None:
        await attempt("foreign origin", ws_url, {"Origin": "http://evil.example"})
        await attempt("no origin", ws_url, {})
        await attempt("null origin", ws_url, {"Origin": "null"})
        await attempt("other port", ws_url, {"Origin": f"http://127.0.0.1:{port + 1}"})
        await attempt("no token", f"ws://127.0.0.1:{port}/ws", {"Origin": origin})
        await attempt("wrong token", f"ws://127.0.0.1:{port}/x{url.split('/')[3]}/ws",
                      {"Origin": origin})
        await attempt("rebound host", ws_url, {"Origin": f"http://evil.example:{port}",
                                               "Host": f"evil.example:{port}"})
        await page("page, rebound host", url, {"Host": f"evil.example:{port}"})
        await page("page, no token", f"http://127.0.0.1:{port}/", {})
        await page("page, foreign origin", url, {"Origin": "http://evil.example"})
        await page("page", url, {})

    try:
        asyncio.run(attack())
        time.sleep(0.5)
        started = _app_processes(server)
    finally:
        _stop(server)
    assert statuses == {
        "foreign origin": 403, "no origin": 403, "null origin": 403, "other port": 403,
        "no token": 404, "wrong token": 404, "rebound host": 403,
        "page, rebound host": 403, "page, no token": 404, "page, foreign origin": 403,
        "page": 200}, statuses
    assert started == 0


def test_serve_accepts_its_own_page() -> None:
    """The served page's own websocket (same origin, with the token) reaches the app."""
    import asyncio

    import aiohttp

    port = free_port()
    server, url = _start_serve(port)
    received = bytearray()

    async def connect() -> None:
        async with aiohttp.ClientSession() as session, session.ws_connect(
                url.replace("http://", "ws://") + "ws?width=100&height=30",
                headers={"Origin": f"http://127.0.0.1:{port}"}) as ws:
            deadline = time.monotonic() + 40
            while time.monotonic() < deadline and b"Ordinance" not in received:
                try:
                    message = await ws.receive(timeout=2)
                except TimeoutError:
                    continue
                if message.type == aiohttp.WSMsgType.BINARY:
                    received.extend(message.data)
                elif message.type != aiohttp.WSMsgType.TEXT:
                    break
            await ws.close()

    try:
        page = _wait_http(url, server, 30)
        asyncio.run(connect())
    finally:
        _stop(server)
    assert f"ws://127.0.0.1:{port}/{url.split('/')[3]}/ws" in page
    assert b"Ordinance" in received, bytes(received[-300:])
    # Offline: every stylesheet, script, image and font the page names is served here.
    linked = re.findall(r'(?:href|src)="([^"]+)"|url\("?([^")]+)"?\)', page)
    urls = [a or b for a, b in linked if not (a or b).startswith(("#", "data:"))]
    assert urls and all(u.startswith(f"http://127.0.0.1:{port}/") for u in urls), urls
    assert "fonts.googleapis" not in page and "https://" not in page


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
    port = free_port()
    server, url = _start_serve(port)
    browser = None
    try:
        page = _wait_http(url, server, 30)
        assert 'id="terminal"' in page and url.replace("http:", "ws:") + "ws" in page
        browser = _Browser(tmp_path / "profile")
        target = next(t for t in browser.send("Target.getTargets")["targetInfos"]
                      if t["type"] == "page")
        session = browser.send("Target.attachToTarget",
                               {"targetId": target["targetId"], "flatten": True})["sessionId"]
        browser.send("Network.enable", session=session)
        browser.send("Page.navigate", {"url": url}, session=session)
        names = [s.name[:20] for s in load_library().seeds.values()]  # as wrapped at any width
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
        requested = [e["params"]["request"]["url"] for e in browser.events
                     if e.get("method") == "Network.requestWillBeSent"]
        here = (f"http://127.0.0.1:{port}/", f"ws://127.0.0.1:{port}/")
        assert requested and all(u.startswith((*here, "data:")) for u in requested), requested
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
