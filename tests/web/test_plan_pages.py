"""The web journey: result -> what to do next -> My plan (from the latest saved result), with the
summary on top and the full plan folded away. Real app, real SQLite, real knowledge base."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi.testclient import TestClient

from backstride.web import Settings, create_app
from backstride.web.state import encode
from tests.web.test_clinic import people  # noqa: F401  (fixture)

PROFILES = Path(__file__).parents[1] / "plan" / "profiles"


def real_client(tmp_path: Path) -> TestClient:
    app = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'web.db'}"))
    return TestClient(app, base_url="http://127.0.0.1")


def state_for(name: str) -> str:
    doc = json.loads((PROFILES / f"{name}.json").read_text())
    return encode([("age", doc["age"]), ("sex", doc["sex"]), *doc["answers"].items()])


def save(client: TestClient, s: str) -> None:
    html = client.get(f"/result?s={s}").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    r = client.post("/my/assessments", data={"csrf": csrf, "s": s}, follow_redirects=False)
    assert r.status_code == 303


def test_my_plan_uses_the_latest_saved_result(tmp_path: Path) -> None:
    with real_client(tmp_path) as client:
        empty = client.get("/plan").text
        assert "no saved result yet" in empty and 'href="/interview"' in empty

        s = state_for("runner")
        result = client.get(f"/result?s={s}").text
        nxt = result[result.index('id="next-title"') :]
        assert f'href="/plan?s={s}"' in nxt  # the result ends with what to do next
        assert "/programme" not in nxt  # walking is not limited: no programme offered first

        save(client, s)
        r = client.get("/plan", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/plan?s=")
        page = client.get(r.headers["location"]).text
        assert "Answer the questions" not in page
        top = page[page.index('id="top-title"') : page.index("This plan is built for")]
        assert "lifting" in top and "running" in top and "What to expect" in top
        assert page.index('id="top-title"') < page.index('<details class="plan-part"')
        assert "Your walking programme" not in page
        assert "A walking programme (if you want one)" in page  # his choice, not pushed
        assert "Henschke et al. 2008" in page or "Henschke et al. (2008)" in page


def test_walker_plan_opens_with_the_walking_programme(tmp_path: Path) -> None:
    with real_client(tmp_path) as client:
        s = state_for("walker68")
        result = client.get(f"/result?s={s}").text
        nxt = result[result.index('id="next-title"') :]
        assert nxt.index("Book a check-up") < nxt.index("Read your plan")
        page = client.get(f"/plan?s={s}").text
        top = page[page.index('id="top-title"') : page.index("This plan is built for")]
        assert "Start your walking programme" in top
        assert "Your walking programme</h2>" in page and 'action="/programme/start"' in page


def test_emergency_result_next_steps_put_help_first(tmp_path: Path) -> None:
    with real_client(tmp_path) as client:
        s = state_for("emergency")
        html = client.get(f"/result?s={s}").text
        nxt = html[html.index('id="next-title"') :]
        assert nxt.index("Get help now") < nxt.index("For later")


def test_saved_result_page_has_next_steps(tmp_path: Path) -> None:
    with real_client(tmp_path) as client:
        save(client, state_for("runner"))
        mine = client.get("/my").text
        link = re.search(r'href="(/my/assessments/\d+)"', mine).group(1)
        assert 'id="next-title"' in client.get(link).text


def test_clinic_mode_my_plan_is_each_persons_own(
    clinic_app,
    people,  # noqa: F811
) -> None:
    alice, bob = people["alice"], people["bob"]
    assert alice.post("/api/v1/assessments", json={"answers": {"rf": "no"}}).status_code == 201
    r = alice.get("/plan", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/plan?s=")
    assert "Your three most important things" in alice.get(r.headers["location"]).text
    # bob has saved nothing: he is told so, and never sees alice's plan
    page = bob.get("/plan").text
    assert bob.get("/plan", follow_redirects=False).status_code == 200
    assert "no saved result yet" in page
    anon = TestClient(clinic_app, base_url="http://127.0.0.1").get("/plan").text
    assert "Sign in" in anon and "no saved result yet" in anon


def test_a_self_test_from_the_menu_adds_to_the_latest_saved_result(tmp_path: Path) -> None:
    """Journey check (issue 15): the runner saves his result, opens Self-tests from the menu
    and does one. The test is added to his saved answers, not to an empty interview."""
    with real_client(tmp_path) as client:
        s = state_for("runner")
        save(client, s)
        for path in ("/selftests", "/selftests/single_leg_stance"):
            r = client.get(path, follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"].startswith(f"{path}?s="), path
        page = client.get("/selftests/single_leg_stance").text
        form = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page))
        assert form.get("s"), "the test page carries the saved answers"
        r = client.post(
            "/selftests/single_leg_stance", data={**form, "result": "good"}, follow_redirects=False
        )
        assert r.status_code == 303, r.text
        from urllib.parse import parse_qs, urlparse

        from backstride.web.state import decode

        after = dict(decode(parse_qs(urlparse(r.headers["location"]).query)["s"][0]))
        assert after.pop("st_single_leg_poor") == "no"
        assert after == dict(decode(s))
