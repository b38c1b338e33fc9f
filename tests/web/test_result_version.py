"""The web result page: a patient does not see the knowledge-base version in the page's text.

The version is for clinicians and bug reports: it stays in the API (and the PDF and FHIR), and
on the page only inside a closed 'About this version' that has to be opened to be read.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient


class _Shown(HTMLParser):
    """The text a reader sees without opening anything: a closed <details> shows only its
    <summary>."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.closed = 0  # how deep inside closed <details> we are
        self.summary = 0
        self.skip = 0  # <script>, <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "details" and "open" not in dict(attrs):
            self.closed += 1
        elif tag == "summary":
            self.summary += 1
        elif tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "details" and self.closed:
            self.closed -= 1
        elif tag == "summary" and self.summary:
            self.summary -= 1
        elif tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip and (not self.closed or self.summary):
            self.text.append(data)


def shown(html: str) -> str:
    p = _Shown()
    p.feed(html)
    return " ".join(" ".join(p.text).split())


def _result_page(client: TestClient) -> str:
    def step(s: str, q: str, v: str) -> str:
        r = client.post("/interview", data={"s": s, "q": q, "v": v}, follow_redirects=False)
        return parse_qs(urlsplit(r.headers["location"]).query)["s"][0]

    s = step("", "age", "68")
    for q, v in [("sex", "male"), ("rf", "no")]:
        s = step(s, q, v)
    for _ in range(20):
        r = client.get(f"/interview?s={s}", follow_redirects=False)
        if r.status_code == 303:
            break
        q = re.search(r'name="q" value="([^"]+)"', r.text).group(1)
        s = step(s, q, "unknown")
    assert r.headers["location"].startswith("/result?s=")
    return client.get(r.headers["location"]).text


def test_the_patient_result_page_does_not_show_the_kb_version(client: TestClient) -> None:
    version = client.get("/api/v1/health").json()["kb_version"]  # still in the API
    assert version
    html = _result_page(client)
    text = shown(html)
    assert "What to do next" in text and "not a diagnosis" in text.lower()  # the page is read
    assert version not in text and "kb." not in text, text
    assert "Knowledge base" not in text
    # still on the page for whoever needs it (a clinician, a bug report), once opened
    assert f"Knowledge base {version}" in html and "About this version" in text


def test_the_reader_sees_text_outside_a_closed_details() -> None:
    page = "<p>one</p><details><summary>two</summary><p>three</p></details><details open>four"
    assert shown(page) == "one two four"
