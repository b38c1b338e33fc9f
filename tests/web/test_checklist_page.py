"""The one-page checklist (POST /interview/checklist) on the real knowledge base, no browser.

The terminal asks each checklist as one question; the web page does too. Every item needs its
own answer, a blank is never saved as "no", and a bad or old form is refused with a message
that names what was wrong, losing nothing.
"""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from backstride.web.state import decode, encode

BEFORE = [("age", 68), ("sex", "male"), ("ces_screen", "no"), ("leg_weakness_worsening", "no")]


@pytest.fixture(scope="module")
def client(module_web_client):
    return module_web_client


def _page(client: TestClient, pairs: list) -> tuple[str, list[str]]:
    page = client.get(f"/interview?s={encode(pairs)}").text
    assert 'action="/interview/checklist"' in page
    return page, re.findall(r'name="item" value="([^"]+)"', page)


def _post(client: TestClient, pairs: list, items: list[str], **answers: str):
    data = {"s": encode(pairs), "item": items, **{f"a-{k}": v for k, v in answers.items()}}
    return client.post("/interview/checklist", data=data, follow_redirects=False)


def test_the_history_checklist_is_one_page_with_each_item_unanswered(client):
    page, items = _page(client, BEFORE)
    assert items[0] == "fever" and {"cancer_history", "pulsing_belly"} <= set(items)
    assert "Question 5 of about" in page  # as the terminal numbers it
    for fid in items:
        for v in ("yes", "no", "unknown"):
            assert f'id="a-{fid}-{v}" name="a-{fid}" value="{v}"\n' in page
            assert f'<label for="a-{fid}-{v}">' in page
    assert " checked" not in page.split('class="checklist-items"')[1].split("</ol>")[0]


def test_each_answer_is_saved_as_given_and_the_next_page_says_how_many(client):
    _, items = _page(client, BEFORE)
    answers = {f: "no" for f in items} | {"cancer_history": "yes", "fever": "unknown"}
    r = _post(client, BEFORE, items, **answers)
    assert r.status_code == 303 and r.headers["location"].endswith(f"&n={len(items)}")
    pairs = decode(r.headers["location"].split("s=")[1].split("&")[0])
    assert pairs[: len(BEFORE)] == BEFORE and dict(pairs[len(BEFORE) :]) == answers
    nxt = client.get(r.headers["location"]).text
    assert "Question 6 of about" in nxt
    back = re.search(r'<a href="/interview\?s=([^&"]*)&amp;was=', nxt)[1]
    assert decode(back) == BEFORE  # back drops the whole checklist


def test_a_yes_on_the_checklist_is_announced_on_the_next_page(client):
    _, items = _page(client, BEFORE)
    answers = {f: "no" for f in items} | {"weight_loss": "yes"}  # not the last item
    r = _post(client, BEFORE, items, **answers)
    page = client.get(r.headers["location"]).text
    banner = page.split('id="urgent-advice"')[1].split("</section>")[0]
    assert banner.split(">")[0].split()[-1] == 'role="alert"'  # announced: it is new
    assert "Urgent" in banner and "Losing weight" in banner


def test_blanks_are_never_no_and_what_was_chosen_stays(client):
    _, items = _page(client, BEFORE)
    r = _post(client, BEFORE, items, fever="no")
    assert r.status_code == 422
    text = html.unescape(r.text)
    assert f"{len(items) - 1} still have no answer" in text
    assert 'id="a-fever-no" name="a-fever" value="no"\n                 checked' in r.text
    assert text.count("No answer yet") == len(items) - 1
    # ticking "not sure about the ones I have not answered" makes the blanks don't-know
    data = {"s": encode(BEFORE), "item": items, "a-fever": "no", "v": "unknown"}
    r = client.post("/interview/checklist", data=data, follow_redirects=False)
    pairs = dict(decode(r.headers["location"].split("s=")[1].split("&")[0]))
    assert pairs["fever"] == "no" and all(pairs[f] == "unknown" for f in items[1:])


def test_none_of_these_clears_only_the_items_on_the_page(client):
    _, items = _page(client, BEFORE)
    data = {"s": encode(BEFORE), "item": items, "none": "1"}
    r = client.post("/interview/checklist", data=data, follow_redirects=False)
    pairs = dict(decode(r.headers["location"].split("s=")[1].split("&")[0]))
    assert set(pairs) == {f for f, _ in BEFORE} | set(items)
    assert all(pairs[f] == "no" for f in items)
    data["a-cancer_history"] = "unknown"
    r = client.post("/interview/checklist", data=data)
    assert r.status_code == 422 and 'also chose "None of these' in html.unescape(r.text)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"a-fever": "maybe"}, "'maybe' is not an answer to 'fever'"),
        ({"item": ["fever", "nonsense"]}, "'nonsense' is not one of the questions"),
        ({"item": ["fever", "cancer_history"]}, "The questions have changed"),
    ],
)
def test_a_bad_or_old_form_is_refused_by_name(client, change, says):
    _, items = _page(client, BEFORE)
    data = {"s": encode(BEFORE), "item": items, **{f"a-{f}": "no" for f in items}, **change}
    r = client.post("/interview/checklist", data=data)
    assert r.status_code == 422 and says in html.unescape(r.text)
    if "changed" in says:  # the current checklist is shown again, nothing saved
        assert re.findall(r'name="item" value="([^"]+)"', r.text) == items


def test_question_n_of_about_m_counts_pages_and_m_never_rises(client):
    """A 68-year-old answering "no" to every warning sign (and the first choice or the smallest
    number elsewhere), page by page: N stays below M, M never rises, and the pages shown
    never outnumber the first page's M."""
    from backstride.engine import next_question, parse_answers
    from backstride.knowledge import load_kb

    kb = load_kb()
    pairs: list = []
    seen = []
    while True:
        answers = parse_answers(kb, {"answers": dict(pairs)})
        nq = next_question(kb, answers)
        if nq.finding is None:
            break
        page = client.get(f"/interview?s={encode(pairs)}").text
        n, m = map(int, re.search(r"Question (\d+) of about (\d+)", page).groups())
        seen.append((n, m))
        for fid in nq.items:
            f = kb.findings[fid]
            if fid in ("age", "sex"):
                value = 68 if fid == "age" else "male"
            elif f.type == "boolean":
                value = "no"
            elif f.type == "choice":
                value = f.options[0].id
            else:
                value = f.number.min
            pairs.append((fid, value))
    assert [n for n, _ in seen] == list(range(1, len(seen) + 1))  # one number per page
    ms = [m for _, m in seen]
    assert ms == sorted(ms, reverse=True), seen
    assert all(n <= m for n, m in seen) and len(seen) <= ms[0]


def test_questions_left_in_the_warning_signs_counts_the_pages_still_to_come(client):
    """A 68-year-old answering "no" to every warning sign, page by page: on each warning-sign
    page with one question, "N questions left in this part" is the number of warning-sign
    pages then shown, that page included (the checklist is one page, as in "Question N of
    about M"), not the number of warning signs on them; on the checklist page, "then up to K
    more pages" counts the warning-sign pages after it."""
    from backstride.engine import next_question, parse_answers
    from backstride.knowledge import load_kb

    kb = load_kb()
    pairs: list = [("age", 68), ("sex", "male")]
    said: list[int | None] = []  # per warning-sign page: N, or None for a checklist page
    after: list[int] = []  # per checklist page: the K of "then up to K more pages"
    while True:
        answers = parse_answers(kb, {"answers": dict(pairs)})
        nq = next_question(kb, answers)
        page = client.get(f"/interview?s={encode(pairs)}").text
        phase = html.unescape(re.search(r'id="phase">(.*?)</p>', page, re.S)[1])
        if nq.finding is None or "Checking for warning signs" not in phase:
            break
        left = re.search(r"(\d+) questions left in this part", phase)
        said.append(int(left[1]) if left else (None if len(nq.items) > 1 else 1))
        if len(nq.items) > 1:
            more = re.search(r"then up to (\d+) more pages?\b", phase)
            after.append(int(more[1]) if more else 0)
        for fid in nq.items:  # "no", else the first choice or the smallest number
            f = kb.findings[fid]
            if f.type == "boolean":
                pairs.append((fid, "no"))
            else:
                pairs.append((fid, f.options[0].id if f.type == "choice" else f.number.min))
    assert None in said and said[0] is not None and said[0] > 1  # a checklist comes later
    for i, n in enumerate(said):
        if n is not None:
            assert n == len(said) - i, said
    checklists = [i for i, n in enumerate(said) if n is None]
    assert after == [len(said) - i - 1 for i in checklists], (said, after)
