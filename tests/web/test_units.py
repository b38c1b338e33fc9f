"""Number answers with units on the web form and the REST API (issue 15), real KB."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from backstride.web.state import decode, encode


@pytest.fixture(scope="module")
def client(module_web_client):
    return module_web_client


def test_the_api_takes_a_duration_and_a_walk_with_units(client):
    body = {"age": 68, "sex": "male", "answers": {"duration_weeks": "2 months",
            "walk_minutes": "200 metres", "legs_give_way_walking": "yes"}}  # fmt: skip
    r = client.post("/api/v1/assessment", json=body)
    assert r.status_code == 200, r.text
    plain = {"age": 68, "sex": "male", "answers": {"duration_weeks": 8.69,
             "walk_minutes": "unknown", "walk_metres": 200, "legs_give_way_walking": "yes"}}  # fmt: skip
    same = client.post("/api/v1/assessment", json=plain).json()
    assert r.json()["conditions"] == same["conditions"]
    assert r.json()["urgency"] == same["urgency"]


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        ({"duration_weeks": "blue"}, "'blue' is not an amount we can read"),
        ({"duration_weeks": "200 metres"}, "'200 metres' is a distance"),
        ({"walk_minutes": "5 hours"}, "'5 hours' (300 minutes) is outside the range"),
    ],
)
def test_the_api_names_a_bad_amount_and_the_valid_units(client, answer, says):
    r = client.post("/api/v1/assessment", json={"answers": answer})
    assert r.status_code == 422
    p = r.json()
    assert says in p["detail"] and p["field"] == next(iter(answer))


def _question(client: TestClient, pairs: list, fid: str) -> str:
    page = client.get(f"/interview?s={encode(pairs)}").text
    assert f'name="q" value="{fid}"' in page, fid
    return page


SCREEN_NO = [("age", 68), ("sex", "male"), ("ces_screen", "no"), ("leg_weakness_worsening", "no")]


def _to_duration(client: TestClient) -> list:
    """Answer the warning signs no until the duration question comes up."""
    pairs = list(SCREEN_NO)
    for _ in range(30):
        page = client.get(f"/interview?s={encode(pairs)}").text
        if 'action="/interview/checklist"' in page:  # several warning signs on one page
            pairs += [(f, "no") for f in re.findall(r'name="item" value="([^"]+)"', page)]
            continue
        q = re.search(r'name="q" value="([^"]+)"', page)[1]
        if q == "duration_weeks":
            return pairs
        pairs.append((q, "no"))
    raise AssertionError("the duration question never came")


def test_the_duration_field_takes_days_and_months(client):
    pairs = _to_duration(client)
    page = _question(client, pairs, "duration_weeks")
    assert 'type="text"' in page and "You can type days, weeks, months or years" in page
    r = client.post("/interview", data={"q": "duration_weeks", "s": encode(pairs), "v": "3 days"},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    assert dict(decode(r.headers["location"].split("s=")[1]))["duration_weeks"] == 0.43


def test_a_bad_duration_is_shown_again_with_the_units_and_nothing_lost(client):
    pairs = _to_duration(client)
    r = client.post("/interview", data={"q": "duration_weeks", "s": encode(pairs), "v": "a while"})
    assert r.status_code == 422
    text = html.unescape(r.text)
    assert "'a while' is not an amount we can read. Type it in days, weeks, months or years" in text
    assert 'value="a while"' in text and f'value="{encode(pairs)}"' in text


def test_a_walking_distance_on_the_minutes_page_is_kept_as_metres(client):
    pairs = [*SCREEN_NO, ("legs_give_way_walking", "yes")]
    r = client.post("/interview", data={"q": "walk_minutes", "s": encode(pairs), "v": "3 blocks"},
                    follow_redirects=False)  # fmt: skip
    got = dict(decode(r.headers["location"].split("s=")[1]))
    assert got["walk_metres"] == 450 and got["walk_minutes"] == "unknown"


def _days_since_saturday(zone: str) -> set[float]:
    """'since Saturday' in weeks, on the person's day in ``zone`` (either side of a midnight
    that falls during the test)."""
    from datetime import UTC, datetime, timedelta

    from backstride.timezones import today_in

    now = datetime.now(UTC)
    days = {(today_in(zone, t).weekday() - 5) % 7 or 7 for t in (now, now + timedelta(minutes=2))}
    return {round(d / 7, 2) for d in days}


def test_the_duration_field_takes_the_day_it_began_in_the_persons_zone(client):
    pairs = _to_duration(client)
    client.cookies.set("backstride_tz", "Pacific/Kiritimati")  # UTC+14: often a day ahead
    try:
        r = client.post(
            "/interview",
            data={"q": "duration_weeks", "s": encode(pairs), "v": "since Saturday"},
            follow_redirects=False,
        )
    finally:
        client.cookies.delete("backstride_tz")
    assert r.status_code == 303, r.text[:300]
    got = dict(decode(r.headers["location"].split("s=")[1]))["duration_weeks"]
    assert got in _days_since_saturday("Pacific/Kiritimati")


def test_the_api_takes_the_day_it_began(client):
    body = {"age": 35, "sex": "male", "answers": {"duration_weeks": "since Saturday"}}
    r = client.post("/api/v1/assessment", json=body)
    assert r.status_code == 200, r.text[:300]
    bad = {"answers": {"duration_weeks": "since the 30th of February"}}
    r = client.post("/api/v1/assessment", json=bad)
    assert r.status_code == 422 and "there is no such date" in r.text
