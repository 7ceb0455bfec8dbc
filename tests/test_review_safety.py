"""The review app's safety as a local web app (pipeline.review.guard): a per-session token on every
page that state-changing requests must send, no change from another origin or host, and another
address than 127.0.0.1 only with a configured token that every request then needs."""
import json
import os
import subprocess
import sys
import warnings

import pytest

from conftest import ROOT, SVM_MD_GROUP
from review_workspace import copy_of_extracted, review_client

with warnings.catch_warnings():
    warnings.simplefilter("ignore")     # starlette's note about httpx2
    from fastapi.testclient import TestClient

from pipeline.review.app import create_app, serve
from pipeline.review.guard import UnsafeAddress

pytestmark = SVM_MD_GROUP      # one xdist worker builds the review workspace (conftest.SVM_MD_GROUP)

APRIL_TOTAL = "1be84d2eb362:169:172::"      # '445' in raw/ind-asielinstroom-2020-04.txt
OWN = "http://127.0.0.1:8377"
ACCEPT = {"row": APRIL_TOTAL, "action": "accept", "who": "tester"}


@pytest.fixture()
def app(tmp_path):
    return create_app(copy_of_extracted(tmp_path / "extracted"), tmp_path / "decisions.jsonl")


def _written(app) -> list[dict]:
    p = app.state.workspace.decisions_path
    return [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines()] if p.exists() else []


def test_every_page_carries_the_sessions_token(app):
    c = review_client(app)
    token = app.state.token
    assert len(token) >= 30 and token != create_app(app.state.workspace.extracted_dir).state.token   # made per app
    for url in ("/", "/series", "/doc/ind-asielinstroom-2020-04", "/decisions", "/search?q=445"):
        r = c.get(url)
        assert r.status_code == 200, url
        assert f'<meta name="migstat-token" content="{token}">' in r.text, url
        assert r.headers["cache-control"] == "no-store", url      # a page gone back to is asked for again


@pytest.mark.parametrize("headers, reason", [
    ({}, "refused: a change needs the header X-Migstat-Token with this session's token (reload the page)"),
    ({"X-Migstat-Token": "guessed"}, "refused: a change needs the header X-Migstat-Token with this session's token "
                                     "(reload the page)"),
    ({"Origin": "http://evil.example"}, "refused: a request from http://evil.example may not change anything here "
                                        f"(only {OWN})"),
    ({"Origin": "http://127.0.0.1:9999"}, "refused: a request from http://127.0.0.1:9999 may not change anything "
                                          f"here (only {OWN})"),
    ({"Origin": "null"}, f"refused: a request from null may not change anything here (only {OWN})"),
    ({"Referer": "http://evil.example/page.html"}, "refused: a request from http://evil.example may not change "
                                                   f"anything here (only {OWN})"),
])
def test_a_change_without_the_token_or_from_another_origin_is_refused(app, headers, reason):
    c = TestClient(app, base_url=OWN)
    sent = {"X-Migstat-Token": app.state.token, **headers} if set(headers) & {"Origin", "Referer"} else headers
    r = c.post("/decisions", json=ACCEPT, headers=sent)
    assert (r.status_code, r.json()) == (403, {"error": reason})
    assert _written(app) == []


def test_a_change_from_the_apps_own_page_is_taken(app):
    c = TestClient(app, base_url=OWN)
    r = c.post("/decisions", json=ACCEPT, headers={"X-Migstat-Token": app.state.token, "Origin": OWN,
                                                   "Referer": OWN + "/doc/ind-asielinstroom-2020-04"})
    assert r.status_code == 200, r.text
    assert [(d["action"], d["who"]) for d in _written(app)] == [("accept", "tester")]


def test_a_page_that_rebinds_its_name_to_127_0_0_1_cannot_change_anything(app):
    """DNS rebinding: evil.example resolves to 127.0.0.1, so the page is same-origin with the app and can
    read the token from a page; the Host it sends is not a loopback name, so its change is refused."""
    c = TestClient(app, base_url="http://evil.example:8377")
    token = c.get("/").text.split('name="migstat-token" content="')[1].split('"')[0]
    r = c.post("/decisions", json=ACCEPT, headers={"X-Migstat-Token": token, "Origin": "http://evil.example:8377"})
    assert (r.status_code, r.json()["error"]) == (
        403, "refused: the host 'evil.example:8377' is not this computer's (the app serves 127.0.0.1 only)")
    assert _written(app) == []


def test_serving_on_another_address_without_a_token_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("MIGSTAT_REVIEW_TOKEN", raising=False)
    with pytest.raises(UnsafeAddress, match=r"^--host 0\.0\.0\.0: the review app serves other computers only with a token"):
        serve(tmp_path / "nothing", host="0.0.0.0", port=0)
    env = {k: v for k, v in os.environ.items() if k != "MIGSTAT_REVIEW_TOKEN"}
    p = subprocess.run([sys.executable, "-m", "pipeline", "review", "--host", "0.0.0.0", "--port", "0"], cwd=ROOT,
                       capture_output=True, text=True, timeout=120, env=env)
    assert p.returncode == 2
    assert p.stderr == ("error: --host 0.0.0.0: the review app serves other computers only with a token (--token T or "
                        "$MIGSTAT_REVIEW_TOKEN); every request then needs it\n")


def test_with_a_configured_token_every_request_needs_it(tmp_path):
    app = create_app(copy_of_extracted(tmp_path / "extracted"), tmp_path / "decisions.jsonl", token="s3cret-token")
    base = "http://192.0.2.7:8377"        # another computer's view of the app
    c = TestClient(app, base_url=base, follow_redirects=False)
    for url in ("/", "/doc/ind-asielinstroom-2020-04", "/api/rows/" + APRIL_TOTAL, "/static/review.js", "/favicon.ico"):
        r = c.get(url)
        assert r.status_code == 403 and r.json()["error"].startswith("refused: this review app needs its token"), url
    r = c.get("/?token=wrong")
    assert r.status_code == 403
    first = c.get("/?severity=error&token=s3cret-token")          # the URL `migstat review` prints
    assert first.status_code == 303 and first.headers["location"] == "/?severity=error"
    assert first.headers["set-cookie"] == "migstat_token_8377=s3cret-token; Path=/; HttpOnly; SameSite=Strict"
    page = c.get("/?severity=error")                               # the cookie from now on
    assert page.status_code == 200 and '<meta name="migstat-token" content="s3cret-token">' in page.text
    assert c.get("/api/rows/" + APRIL_TOTAL).json()["row"]["value"] == 445
    # a change still needs the header (a cookie alone would be sent by another site's form too)
    r = c.post("/decisions", json=ACCEPT, headers={"Origin": base})
    assert r.status_code == 403 and _written(app) == []
    r = c.post("/decisions", json=ACCEPT, headers={"Origin": base, "X-Migstat-Token": "s3cret-token"})
    assert r.status_code == 200 and len(_written(app)) == 1
    # a client without the cookie but with the header (a script) is let in
    assert TestClient(app, base_url=base).get("/", headers={"X-Migstat-Token": "s3cret-token"}).status_code == 200


def test_the_favicon_is_an_icon(app):
    r = review_client(app).get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"] == "image/x-icon"
    ico = r.content
    assert ico[:6] == b"\x00\x00\x01\x00\x01\x00" and ico[6:8] == b"\x10\x10" and ico[22:30] == b"\x89PNG\r\n\x1a\n"
    assert '<link rel="icon" href="/favicon.ico">' in review_client(app).get("/").text
