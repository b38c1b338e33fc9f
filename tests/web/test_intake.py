"""POST /api/v1/parse and the free-text first page, on the real knowledge base."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from backstride.web import Settings, create_app
from backstride.web.state import decode

pytest.importorskip("spacy")

SENTENCE = (
    "my legs go heavy after about 200 metres and I have to sit down; bending over the trolley "
    "helps; no trouble with my bladder"
)


@pytest.fixture(scope="module")
def client(module_web_client):
    return module_web_client


def test_parse_returns_mentions_with_spans(client):
    r = client.post("/api/v1/parse", json={"text": SENTENCE})
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    by = {m["finding"]: m for m in body["mentions"]}
    assert by["walk_metres"]["answer"] == 200
    assert SENTENCE[by["walk_metres"]["start"] : by["walk_metres"]["end"]] == "200 metres"
    assert by["ces_screen"]["negated"] is True and by["ces_screen"]["red_flag"] is True
    assert "ces_screen" not in body["answers"]  # a negated red flag is asked anyway
    assert body["answers"]["legs_give_way_walking"] == "yes"
    assert body["urgency"] is None


def test_a_red_flag_in_the_text_raises_urgency_at_once(client):
    body = client.post("/api/v1/parse", json={"text": "I can't feel the toilet paper"}).json()
    assert body["answers"] == {"saddle_numbness": "yes"}
    assert body["urgency"]["level"] == "emergency"


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        ({"text": ""}, "type a few words"),
        ({"text": "back pain " * 300}, "at most 2,000"),
        ({}, "text"),
        ({"text": "x", "extra": 1}, "extra"),
    ],
)
def test_bad_input_is_a_422_problem(client, payload, needle):
    r = client.post("/api/v1/parse", json=payload)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert needle in r.text


def test_nonsense_is_not_an_error_but_says_so(client):
    body = client.post("/api/v1/parse", json={"text": "qwp zzkx blorf"}).json()
    assert (body["status"], body["mentions"]) == ("not_understood", [])


def test_parse_is_in_the_openapi_document(client):
    assert "/api/v1/parse" in client.get("/openapi.json").json()["paths"]


def test_start_page_confirm_and_continue(client):
    assert 'href="/start"' in client.get("/").text
    page = client.get("/start")
    assert "in your own words" in page.text and "<textarea" in page.text
    r = client.post("/start", data={"text": SENTENCE})
    assert r.status_code == 200
    assert "Here is what we understood" in r.text
    assert "Not counted" in r.text and "trouble with my bladder" in r.text
    # untick the walking distance: it must not count
    import re

    boxes = dict(re.findall(r'<label for="keep-(\d+)">([^<]*)', r.text))
    keep = [i for i, label in boxes.items() if "metres" not in label]
    done = client.post(
        "/start/confirm", data={"text": SENTENCE, "keep": keep}, follow_redirects=False
    )
    assert done.status_code == 303
    s = done.headers["location"].split("s=")[1]
    pairs = dict(decode(s))
    assert pairs["legs_give_way_walking"] == "yes"
    assert "walk_metres" not in pairs and "ces_screen" not in pairs
    nxt = client.get(done.headers["location"])
    assert "How old are you?" in nxt.text  # the warning-sign screen still comes first


@pytest.mark.parametrize("text", ["", "   "])
def test_start_with_nothing_typed_says_so_and_offers_the_questions(client, text):
    r = client.post("/start", data={"text": text})
    assert r.status_code == 422
    assert "type a few words" in r.text and 'href="/interview"' in r.text


def test_start_with_nonsense_falls_back_to_the_questions(client):
    r = client.post("/start", data={"text": "qwp zzkx blorf"})
    assert r.status_code == 200
    assert "could not make sense" in r.text and "Answer the questions instead" in r.text


def test_an_unsettled_warning_sign_is_answered_on_the_confirm_page(client):
    text = "maybe I can feel a pulsing in my tummy"
    body = client.post("/api/v1/parse", json={"text": text}).json()
    assert body["ask_first"] == ["pulsing_belly"] and body["answers"] == {}
    page = client.post("/start", data={"text": text})
    assert 'name="a_pulsing_belly"' in page.text
    done = client.post(
        "/start/confirm", data={"text": text, "a_pulsing_belly": "yes"}, follow_redirects=False
    )
    pairs = dict(decode(done.headers["location"].split("s=")[1]))
    assert pairs == {"pulsing_belly": "yes"}
    bad = client.post("/start/confirm", data={"text": text, "a_pulsing_belly": "perhaps"})
    assert bad.status_code == 422


# --- a saved stenosis questionnaire (SSHQ) counts here as it does in the terminal ----------


def _save_sshq(c: TestClient, positive: bool) -> None:
    import re

    from backstride.instruments import load_spec

    page = c.get("/questionnaires/sshq")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    items = load_spec("sshq").items
    answers = {i.id: "yes" if positive and i.group == "core" else "no" for i in items}
    assert c.post("/questionnaires/sshq", data={"csrf": csrf, **answers}).status_code == 200


def _confirmed(c: TestClient, **extra) -> dict[str, str]:
    import re

    page = c.post("/start", data={"text": SENTENCE})
    keep = re.findall(r'name="keep" value="(\d+)"', page.text)
    done = c.post(
        "/start/confirm", data={"text": SENTENCE, "keep": keep, **extra}, follow_redirects=False
    )
    assert done.status_code == 303, done.text
    return dict(decode(done.headers["location"].split("s=")[1]))


def test_a_saved_sshq_is_offered_ticked_and_counts_only_while_ticked(tmp_path):
    db = tmp_path / "web.db"
    app = create_app(Settings(db_url=f"sqlite:///{db}"))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        page = c.post("/start", data={"text": SENTENCE})
        assert "From your saved questionnaires" not in page.text
        assert not db.exists()  # reading for a saved result created no database
        # a value sent with the form is never taken: only the stored result counts
        assert "sshq_positive" not in _confirmed(c, use="sshq_positive")

        _save_sshq(c, positive=True)
        page = c.post("/start", data={"text": SENTENCE})
        assert "From your saved questionnaires" in page.text
        assert 'name="use" value="sshq_positive" checked' in page.text
        assert "(SSHQ) of " in page.text and "it came out positive" in page.text
        assert _confirmed(c, use="sshq_positive")["sshq_positive"] == "yes"
        assert "sshq_positive" not in _confirmed(c)  # unticked: not counted
        assert "ces_symptoms" not in _confirmed(c, use=["sshq_positive", "ces_symptoms"])

        _save_sshq(c, positive=False)  # the latest result is the one used
        page = c.post("/start", data={"text": SENTENCE})
        assert "it came out negative" in page.text
        assert _confirmed(c, use="sshq_positive")["sshq_positive"] == "no"


def test_in_a_clinic_only_the_owners_saved_sshq_is_offered(tmp_path):
    from tests.web.conftest import new_account

    app = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'clinic.db'}", multi_user=True))
    clients = {}
    for name in ("ann", "bob"):
        c = clients[name] = TestClient(app, base_url="http://127.0.0.1")
        assert c.post("/api/v1/accounts", json=new_account(app, name)).status_code in (200, 201)
        r = c.post("/api/v1/session", json={"username": name, "password": "correct horse battery"})
        assert r.status_code == 200, r.text
    _save_sshq(clients["ann"], positive=True)
    assert (
        "From your saved questionnaires"
        in clients["ann"].post("/start", data={"text": SENTENCE}).text
    )
    assert (
        "From your saved questionnaires"
        not in clients["bob"].post("/start", data={"text": SENTENCE}).text
    )
    assert "sshq_positive" not in _confirmed(clients["bob"], use="sshq_positive")
    for c in clients.values():
        c.close()
    app.state.store.close()
