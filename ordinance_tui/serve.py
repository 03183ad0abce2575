"""``ordinance serve``: textual-serve behind a guard that only the user's own browser passes.

textual-serve (1.1) checks neither the ``Host`` nor the ``Origin`` of a request, so any web
page the user visits could open ``ws://127.0.0.1:8000/ws``, read the app's screen and type
into it, and a DNS-rebinding page could fetch it under its own host name. Binding to
loopback does not stop that: the browser itself makes the connection.

:class:`GuardedServer` keeps textual-serve's handlers and adds three checks, the way Jupyter
does it:

- every route lives under a random per-run token (``http://127.0.0.1:8000/<token>/``,
  printed at start); without it nothing is served;
- every request must carry the served ``Host`` (``127.0.0.1:8000``), so a rebound name is
  refused;
- the websocket, and any request that carries an ``Origin``, must come from the served
  page's own origin.

Refused requests get 403 (or 404 without the token) and never reach textual-serve.

The page works offline: textual-serve's page template links its font from a web font
service, so :class:`OfflineTemplates` serves the same template with that link replaced by
the copy of the font textual-serve ships in its static folder. Nothing the page loads
comes from another host (a test records every request Chromium makes).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Awaitable, Callable

import aiohttp_jinja2
import jinja2
from aiohttp import hdrs, web
from textual_serve.server import Server

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


# A stylesheet link to another host, in textual-serve's page template.
_REMOTE_STYLESHEET = re.compile(r'<link\s[^>]*href="https?://[^"]*"[^>]*/?>', re.S)
_LOCAL_FONT = (
    "<style>@font-face { font-family: \"Roboto Mono\"; src: url(\"{{ config.static.url }}"
    "fonts/RobotoMono-VariableFont_wght.ttf\"); }</style>")


class OfflineTemplates(jinja2.FileSystemLoader):
    """textual-serve's templates, with links to other hosts replaced by its local font."""

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        return _REMOTE_STYLESHEET.sub(_LOCAL_FONT, source), filename, uptodate


def netloc(host: str, port: int) -> str:
    """``host:port`` as a browser writes it in ``Host`` (IPv6 addresses in brackets)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class GuardedServer(Server):
    """A textual-serve ``Server`` reachable only through its token, host and origin."""

    def __init__(self, command: str, host: str, port: int, title: str,
                 token: str | None = None) -> None:
        self.token = token or secrets.token_urlsafe(24)
        self.origin = f"http://{netloc(host, port)}"
        super().__init__(command, host=host, port=port, title=title, public_url=self.origin)
        self.url = f"{self.origin}/{self.token}/"
        # A browser omits the default port from Host; any other form is refused.
        self.hosts = {netloc(host, port).lower()}
        if port == 80:
            self.hosts.add(host.lower() if ":" not in host else f"[{host}]".lower())

    async def _make_app(self) -> web.Application:
        """textual-serve's routes, moved under the token, behind :meth:`guard`."""
        app = web.Application(middlewares=[self.guard])
        aiohttp_jinja2.setup(app, loader=OfflineTemplates(self.templates_path))
        prefix = f"/{self.token}"
        app.add_routes([
            web.get(prefix, self.handle_bare_token),
            web.get(f"{prefix}/", self.handle_index, name="index"),
            web.get(f"{prefix}/ws", self.handle_websocket, name="websocket"),
            web.get(f"{prefix}/download/{{key}}", self.handle_download, name="download"),
            web.static(f"{prefix}/static", self.statics_path, show_index=False, name="static"),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse a request whose Host, Origin or path is not the served page's own."""
        host = request.headers.get(hdrs.HOST, "").lower()
        if host not in self.hosts:
            raise web.HTTPForbidden(text="ordinance serve: this address is only served as "
                                         f"{self.origin}\n")
        origin = request.headers.get(hdrs.ORIGIN)
        websocket = request.headers.get(hdrs.UPGRADE, "").lower() == "websocket"
        if (websocket or origin is not None) and origin != self.origin:
            raise web.HTTPForbidden(text="ordinance serve: requests from other web pages are "
                                         "refused\n")
        first = request.path.split("/", 2)[1] if request.path.startswith("/") else ""
        if not secrets.compare_digest(first.encode(), self.token.encode()):
            raise web.HTTPNotFound(text="ordinance serve: open the address printed when the "
                                        "server started (it carries a token)\n")
        return await handler(request)

    async def handle_bare_token(self, request: web.Request) -> web.StreamResponse:
        """The token without its final slash (as typed by hand) leads to the page."""
        raise web.HTTPFound(self.url)

    async def on_startup(self, app: web.Application) -> None:
        """Say where the app is, token included (the only way in)."""
        print(f"Serving the ordinance drafting assistant at {self.url}", flush=True)
        print("Open that address in a browser on this computer; press Ctrl+C to stop.",
              flush=True)
