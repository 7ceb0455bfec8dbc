"""Who may talk to the review app: a per-session token and the app's own origin (no cross-site writes).

The app listens on 127.0.0.1, where any page open in the same browser can send it requests. So:
- the app makes a token when it is created; every page carries it in <meta name="migstat-token">
  and the page's script sends it as the header X-Migstat-Token with every state-changing request;
- a state-changing request (POST, PUT, PATCH, DELETE) is refused (403, one line) without that header,
  when its Origin (or, without one, its Referer) is not the app's own origin, and, on 127.0.0.1,
  when its Host is not a loopback name (a DNS-rebound page has the app's origin but another host);
- serving on another address is refused unless a token is configured (`--token` or
  MIGSTAT_REVIEW_TOKEN), and then every request, pages included, needs it: the header, or the cookie
  that a first visit with ?token=<token> sets (the visit is redirected to the URL without it).
"""
from __future__ import annotations

import json
import os
import secrets
from http.cookies import SimpleCookie
from ipaddress import ip_address
from urllib.parse import parse_qsl, urlencode, urlsplit

HEADER = "x-migstat-token"
TOKEN_ENV = "MIGSTAT_REVIEW_TOKEN"
LOOPBACK_NAMES = ("localhost",)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class UnsafeAddress(ValueError):
    """Serving beyond this computer without a token; one line."""


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def configured_token(token: str | None = None) -> str | None:
    """The token given (--token), else $MIGSTAT_REVIEW_TOKEN, else None (an empty one counts as none)."""
    return (token if token is not None else os.environ.get(TOKEN_ENV, "")).strip() or None


def check_address(host: str, token: str | None) -> None:
    """UnsafeAddress unless `host` is a loopback address or a token is configured."""
    if not is_loopback(host) and not token:
        raise UnsafeAddress(f"--host {host}: the review app serves other computers only with a token "
                            f"(--token T or ${TOKEN_ENV}); every request then needs it")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _host_name(host_header: str) -> str:
    """The name part of a Host header: 127.0.0.1:8377 -> 127.0.0.1, [::1]:8377 -> ::1."""
    if host_header.startswith("["):
        return host_header[1:].split("]", 1)[0]
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


def _origin(url: str) -> str:
    u = urlsplit(url)
    return f"{u.scheme}://{u.netloc}".lower() if u.scheme and u.netloc else ""


class Guard:
    """ASGI middleware: the rules of the module around the app."""

    def __init__(self, app, token: str, require_everywhere: bool):
        self.app = app
        self.token = token
        self.everywhere = require_everywhere

    def cookie_name(self, host_header: str) -> str:
        port = host_header.rsplit(":", 1)[1] if ":" in host_header.rsplit("]", 1)[-1] else "80"
        return f"migstat_token_{port}"

    def _same(self, got: str | None) -> bool:
        return bool(got) and secrets.compare_digest(got.encode(), self.token.encode())

    def refusal(self, method: str, headers: dict[str, str], scheme: str) -> str | None:
        """Why a request is refused, or None. `headers`: lower-cased names."""
        host = headers.get("host", "")
        if method in SAFE_METHODS:
            return None
        if not self.everywhere and not is_loopback(_host_name(host)):
            return f"refused: the host {host!r} is not this computer's (the app serves 127.0.0.1 only)"
        own = f"{scheme}://{host}".lower()
        origin = headers.get("origin")
        if origin is None and headers.get("referer"):
            origin = _origin(headers["referer"])
        if origin is not None and origin.lower() != own:
            return f"refused: a request from {origin or 'an unknown origin'} may not change anything here (only {own})"
        if not self._same(headers.get(HEADER)):
            return "refused: a change needs the header X-Migstat-Token with this session's token (reload the page)"
        return None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        method = scope["method"]
        if self.everywhere:
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
            cookies = SimpleCookie(headers.get("cookie", ""))
            name = self.cookie_name(headers.get("host", ""))
            by_cookie = name in cookies and self._same(cookies[name].value)
            if method in SAFE_METHODS and "token" in query and self._same(query["token"]):
                rest = urlencode([(k, v) for k, v in query.items() if k != "token"])
                location = scope["path"] + (f"?{rest}" if rest else "")
                cookie = f"{name}={self.token}; Path=/; HttpOnly; SameSite=Strict"
                return await _send(send, 303, b"", [(b"location", location.encode()), (b"set-cookie", cookie.encode())])
            if not (self._same(headers.get(HEADER)) or by_cookie):
                return await _refuse(send, "refused: this review app needs its token (open the URL with "
                                           "?token=<token> once, or send the header X-Migstat-Token)")
        why = self.refusal(method, headers, scope.get("scheme", "http"))
        if why:
            return await _refuse(send, why)
        return await self.app(scope, receive, _fresh_pages(send))


def _fresh_pages(send):
    """`send` with Cache-Control: no-store on every HTML page, so a page the browser goes back to is
    asked for again and shows the counts as the decisions made since left them."""
    async def wrapped(message):
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            if any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers):
                headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
        await send(message)
    return wrapped


async def _refuse(send, message: str) -> None:
    await _send(send, 403, json.dumps({"error": message}).encode(), [(b"content-type", b"application/json")])


async def _send(send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": body})
