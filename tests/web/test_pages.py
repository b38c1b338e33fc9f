"""Server-rendered pages on the small test KB, driven through their forms (no JavaScript)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient


def state_of(url: str) -> str:
    return parse_qs(urlsplit(url).query).get("s", [""])[0]


def answer(client: TestClient, s: str, q: str, v: str = "", **extra: str):
    return client.post("/interview", data={"s": s, "q": q, "v": v, **extra}, follow_redirects=False)


def test_home_links_to_the_interview(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and 'href="/interview"' in r.text
    assert "emergency" in r.text.lower()


def test_question_page_is_accessible_markup(client: TestClient) -> None:
    r = client.get("/interview")
    html = r.text
    assert "<fieldset" in html and "<legend>" in html
    assert 'label for="v"' in html and 'id="v"' in html  # number input has a label
    assert "Question 1 of about " in html and "<progress" in html
    assert "I don&#39;t know" in html or "I don't know" in html


def test_interview_through_forms_reaches_the_result(client: TestClient) -> None:
    s = ""
    r = answer(client, s, "age", "45")
    assert r.status_code == 303
    s = state_of(r.headers["location"])
    page = client.get(r.headers["location"]).text
    assert 'value="female"' in page and "<legend>" in page  # sex as radio buttons
    for q, v in [("sex", "male"), ("rf", "no")]:
        s = state_of(answer(client, s, q, v).headers["location"])
    for _ in range(10):
        r = client.get(f"/interview?s={s}", follow_redirects=False)
        if r.status_code == 303:
            break
        q = re.search(r'name="q" value="([^"]+)"', r.text).group(1)
        s = state_of(answer(client, s, q, "unknown").headers["location"])
    assert r.headers["location"].startswith("/result?s=")
    result = client.get(r.headers["location"]).text
    assert 'class="urgency urgency-self_care"' in result
    # urgency banner comes before the causes
    assert result.index("urgency-self_care") < result.index("causes-title")
    assert result.count("<meter") == 3
    assert 'href="/conditions/cond_a"' in result


def test_back_link_drops_the_last_answer_and_preselects_it(client: TestClient) -> None:
    s1 = state_of(answer(client, "", "age", "45").headers["location"])
    s2 = state_of(answer(client, s1, "sex", "female").headers["location"])
    page = client.get(f"/interview?s={s2}").text
    back = re.search(r'href="(/interview\?[^"]+)" rel="prev"', page).group(1).replace("&amp;", "&")
    assert state_of(back) == s1
    prev = client.get(back).text
    assert re.search(r'value="female"\s+checked', prev)


def test_number_out_of_range_rerenders_with_error(client: TestClient) -> None:
    r = answer(client, "", "age", "7")
    assert r.status_code == 422
    assert "from 16 to 110" in r.text and 'aria-invalid="true"' in r.text and 'value="7"' in r.text


def test_no_choice_rerenders_with_error(client: TestClient) -> None:
    s = state_of(answer(client, "", "age", "45").headers["location"])
    r = answer(client, s, "sex", "")
    assert r.status_code == 422 and 'role="alert"' in r.text


def test_dont_know_button_for_numbers(client: TestClient) -> None:
    r = answer(client, "", "age", "", dont_know="1")
    s = state_of(r.headers["location"])
    page = client.get(f"/result?s={s}").text
    assert "Don&#39;t know" in page or "Don't know" in page


def test_damaged_state_is_a_422_page(client: TestClient) -> None:
    r = client.get("/interview?s=!!!notbase64", headers={"accept": "text/html"})
    assert r.status_code == 422 and "damaged" in r.text and "<html" in r.text


def test_red_flag_result_shows_emergency_banner_first(client: TestClient) -> None:
    s = state_of(answer(client, "", "rf", "yes").headers["location"])
    html = client.get(f"/result?s={s}").text
    assert "urgency-emergency" in html and 'role="alert"' in html
    assert "Go now." in html
    assert html.index("urgency-emergency") < html.index("causes-title")
    assert 'href="/sources#test2020"' in html
    # an emergency result does not lead with a self-care button; the plan is offered for later
    assert "See your self-care plan" not in html
    assert "once you have been checked" in html


def test_non_emergency_result_offers_the_self_care_plan(client: TestClient) -> None:
    s = state_of(answer(client, "", "rf", "no").headers["location"])
    html = client.get(f"/result?s={s}").text
    assert "urgency-emergency" not in html
    assert "See your self-care plan" in html


def test_answers_download_matches_the_cli_format(client: TestClient) -> None:
    s = state_of(answer(client, "", "age", "45").headers["location"])
    s = state_of(answer(client, s, "rf", "no").headers["location"])
    r = client.get(f"/answers.json?s={s}")
    assert r.json() == {"age": 45, "sex": None, "answers": {"rf": "no"}}


def test_condition_page_has_evidence_table_and_citations(client: TestClient) -> None:
    html = client.get("/conditions/cond_b").text
    assert "<table" in html and "sensitivity 80%" in html and "LR− 0.5" in html
    # every cell is shown with its kind of source, unfilled estimates included
    assert "applied LR+" in html and "unfilled: set to the average back-pain consulter" in html
    assert 'id="test2020"' in html and "https://doi.org/10.0000/test" in html
    assert client.get("/conditions/zzz", headers={"accept": "text/html"}).status_code == 404


def test_pages_send_security_headers(client: TestClient) -> None:
    r = client.get("/")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-content-type-options"] == "nosniff"


def test_static_files_are_local(client: TestClient) -> None:
    html = client.get("/").text
    for ref in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert client.get(ref).status_code == 200
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)  # nothing from other sites
    js = client.get("/static/app.js").text
    assert len(js) < 3000


def test_diary_form_saves_and_progress_shows_chart(client: TestClient) -> None:
    page = client.get("/diary").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    r = client.post(
        "/diary",
        data={
            "csrf": csrf,
            "day": "2025-03-03",
            "pain_now": "3",
            "walk_minutes": "15",
            "onset_minutes": "10",
            "symptom_reach": "buttock",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/diary?added=1"
    assert "pain 3/10" in client.get("/diary?added=1").text
    prog = client.get("/progress").text
    assert '<img src="/progress/chart.svg"' in prog
    assert client.get("/progress/chart.svg").headers["content-type"].startswith("image/svg+xml")


def test_diary_form_without_csrf_is_refused(client: TestClient) -> None:
    r = client.post("/diary", data={"pain_now": "3"}, headers={"accept": "text/html"})
    assert r.status_code == 403
    assert client.get("/api/v1/diary").json() == []


def test_diary_form_errors_keep_what_was_typed(client: TestClient) -> None:
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/diary").text).group(1)
    r = client.post("/diary", data={"csrf": csrf, "pain_now": "12", "notes": "hilly"})
    assert r.status_code == 422 and "0 to 10" in r.text and "hilly" in r.text


def test_save_result_from_the_result_page(client: TestClient) -> None:
    s = state_of(answer(client, "", "rf", "no").headers["location"])
    html = client.get(f"/result?s={s}").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    r = client.post("/my/assessments", data={"csrf": csrf, "s": s}, follow_redirects=False)
    assert r.status_code == 303
    saved = client.get(r.headers["location"]).text
    assert "Saved assessment" in saved and "urgency-" in saved
    assert r.headers["location"] in client.get("/my").text


def test_api_docs_page_is_made_here_and_lists_the_endpoints(client) -> None:
    r = client.get("/docs")
    assert r.status_code == 200
    html = r.text
    assert "<code>POST /api/v1/assessment</code>" in html
    assert "<code>GET /api/v1/programme</code>" in html
    assert "AssessmentRequest" in html
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html


def test_warning_sign_advice_shows_above_the_next_question_and_stays(client: TestClient) -> None:
    s = state_of(answer(client, "", "age", "45").headers["location"])
    calm = state_of(answer(client, s, "rf", "no").headers["location"])
    assert 'id="urgent-advice"' not in client.get(f"/interview?s={calm}").text
    s = state_of(answer(client, s, "rf", "yes").headers["location"])  # before the sex question
    page = client.get(f"/interview?s={s}").text
    assert "<legend><h1" in page and "Sex?" in page
    banner = page.split('id="urgent-advice"')[1].split("</section>")[0]
    assert "Emergency: get help now" in banner and "Go now." in banner
    assert 'role="alert"' in banner  # announced on the page right after the answer
    assert page.index('id="urgent-advice"') < page.index("<legend>")
    assert f'href="/result?s={s}"' in banner
    # the Stop link at the foot of the page leads to the advice too, not back to the home page
    assert f'<a href="/result?s={s}">Stop and see your result</a>' in page
    # the next page still shows it (no longer announced as new), as does the result
    s = state_of(answer(client, s, "sex", "unknown").headers["location"])
    nxt = client.get(f"/interview?s={s}", follow_redirects=False)
    if nxt.status_code == 200:
        banner = nxt.text.split('id="urgent-advice"')[1].split("</section>")[0]
        assert "Go now." in banner and 'role="alert"' not in banner
    result = client.get(f"/result?s={s}").text
    assert 'class="urgency urgency-emergency"' in result and "Go now." in result


def test_condition_page_shows_the_derived_card(client: TestClient) -> None:
    html = client.get("/conditions/cond_c").text
    assert "What goes with it, from the evidence table" in html
    assert "&ldquo;Red flag?&rdquo; &mdash; <strong>yes</strong>" in html
    assert "90% with this cause" in html and "sensitivity 90%" in html
    assert "Common: about 10 in 100 people with low back pain" in html
    assert "once its chance reaches 5%" in html
    assert "<caption>Share of people with low back pain, by age and sex</caption>" in html


def test_result_reasons_show_published_and_applied_lr(client: TestClient) -> None:
    s = state_of(answer(client, "", "rf", "no").headers["location"])
    s = state_of(answer(client, s, "where", "back").headers["location"])
    html = client.get(f"/result?s={s}").text
    assert "likelihood ratio 0.5 as published, 0.5 as applied against all other causes" in html


def test_sources_page_shows_no_date_for_an_undated_page(client: TestClient) -> None:
    html = client.get("/sources").text
    assert "Tester A (2020). A test study." in html
    assert "Test Clinic (n.d.). An undated test page." in html
    assert "None" not in html


def test_progress_summary_rounds_averages_to_one_decimal(client: TestClient) -> None:
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/diary").text).group(1)
    pains = [2] * 9 + [4, 5, 5]  # the last quarter averages 4.666...
    for day, pain in enumerate(pains, start=1):
        r = client.post(
            "/diary",
            data={
                "csrf": csrf,
                "day": f"2025-03-{day:02d}",
                "pain_now": str(pain),
                "walk_minutes": "10",
                "onset_minutes": str(day % 3 + 4),
            },
            follow_redirects=False,
        )
        assert r.status_code == 303
    prog = client.get("/progress").text
    line = re.search(r"<li>Pain: ([^<]+)</li>", prog).group(1)
    assert "4.7 out of 10 lately" in line, line
    assert not re.search(r"\d\.\d\d", prog.split("<table")[0]), "unrounded average shown"
