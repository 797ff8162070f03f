"""The workbench's safety by default: Host check, access token, CSRF token and Content-Security-Policy.

* Requests whose Host header is not the address served are refused (a DNS-rebinding page cannot
  reach the store through a name that resolves to 127.0.0.1).
* On another address than loopback, every request needs the token printed once at start, given
  as ``?token=`` once (it is then kept in a cookie).
* Every POST carries the CSRF token of the session cookie, in a form field or an ``X-CSRF-Token`` header.
* Every answer says ``Content-Security-Policy``: nothing from other hosts, no framing.
"""

from __future__ import annotations

import hmac
import secrets

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "scrgraph_csrf"
TOKEN_COOKIE = "scrgraph_token"
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
               "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def new_token() -> str:
    """A fresh random token (for access or CSRF)."""
    return secrets.token_urlsafe(24)


def csrf_token(request: Request) -> str:
    """The CSRF token of this browser (set in a cookie by :class:`Guard`)."""
    return request.scope.get("scrgraph.csrf", "")


class Guard:
    """ASGI middleware applying the Host check, the access token, CSRF and the CSP to every request."""

    def __init__(self, app: ASGIApp, allowed_hosts: set[str], access_token: str | None) -> None:
        self.app = app
        self.allowed_hosts = {host.lower() for host in allowed_hosts}
        self.access_token = access_token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        host = request.headers.get("host", "").lower()
        if host not in self.allowed_hosts:
            await PlainTextResponse("This address is not the one the workbench serves.", 421)(scope, receive, send)
            return
        set_token = False
        if self.access_token is not None:
            given = request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE, "")
            if not hmac.compare_digest(given.encode(), self.access_token.encode()):
                await PlainTextResponse("Open the address printed by 'scrgraph serve', with its token.", 403)(scope, receive, send)
                return
            set_token = TOKEN_COOKIE not in request.cookies
        csrf = request.cookies.get(CSRF_COOKIE, "")
        fresh_csrf = not csrf
        if fresh_csrf:
            csrf = new_token()
        scope["scrgraph.csrf"] = csrf
        if request.method not in SAFE_METHODS and not request.url.path.startswith("/sparql"):
            given = request.headers.get("x-csrf-token", "")
            receive = _replay(await request.body())
            if not given:
                given = str((await request.form()).get("csrf", ""))
            if fresh_csrf or not hmac.compare_digest(given.encode(), csrf.encode()):
                await PlainTextResponse("This form has expired; reload the page and try again.", 403)(scope, receive, send)
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = PAGE_POLICY
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                if fresh_csrf:
                    headers.append("Set-Cookie", f"{CSRF_COOKIE}={csrf}; Path=/; HttpOnly; SameSite=Strict")
                if set_token:
                    headers.append("Set-Cookie", f"{TOKEN_COOKIE}={self.access_token}; Path=/; HttpOnly; SameSite=Strict")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _replay(body: bytes) -> Receive:
    async def receive() -> dict:
        return {"type": "http.request", "body": body, "more_body": False}

    return receive

