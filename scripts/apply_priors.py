"""Write the priors table (docs/METHOD.md, "Priors") into conditions/*.yaml.

The table gives, for each condition, the percent of back-pain consulters in each age band and
sex whose pain it explains. Each condition gets:
  prior.value            = the age- and sex-weighted average (the age/sex-free prior);
  an age-band modifier   = band average (45% men, 55% women) / overall;
  a sex-in-band modifier = cell / band average (left out where both sexes are within 0.5%).
So with age and sex known the prior is the table's cell, with only the age it is the band
average, and with neither it is the overall figure. Run once; re-run after editing TABLE.
"""

from __future__ import annotations

import re
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src/backstride/knowledge/data/conditions"
BANDS = [(None, 39), (40, 59), (60, 69), (70, None)]
BAND_WEIGHT = [0.33, 0.40, 0.14, 0.13]  # consulter mix, an estimate (docs/METHOD.md)
FEMALE = 0.55
FLOOR = 0.0001  # percent: a "none" cell (men in pregnancy) keeps a factor above zero

# percent of consulters: men <40, 40-59, 60-69, 70+, women <40, 40-59, 60-69, 70+
TABLE: dict[str, list[float]] = {
    "vertebral_fracture": [0.30, 0.72, 2.4, 6.4, 0.30, 0.86, 3.5, 9.3],
    "spinal_malignancy": [0.10, 0.35, 0.90, 1.3, 0.10, 0.35, 0.90, 1.3],
    "spinal_infection": [0.019, 0.046, 0.091, 0.10, 0.011, 0.026, 0.053, 0.060],
    "cauda_equina": [0.040, 0.050, 0.030, 0.025, 0.040, 0.050, 0.030, 0.025],
    "aortic_aneurysm": [0.002, 0.019, 0.095, 0.19, 0.0, 0.003, 0.013, 0.026],
    "vascular_claudication": [0.068, 0.54, 2.0, 3.4, 0.035, 0.28, 1.1, 1.8],
    "axial_spondyloarthritis": [2.0, 0.78, 0.39, 0.26, 1.1, 0.45, 0.22, 0.15],
    "lumbar_stenosis": [0.30, 3.0, 10.0, 18.0, 0.30, 3.0, 10.0, 18.0],
    "disc_radiculopathy": [9.0, 10.0, 6.0, 4.0, 9.0, 10.0, 6.0, 4.0],
    "hip_osteoarthritis": [0.18, 1.4, 3.6, 5.4, 0.22, 1.6, 4.3, 6.5],
    "facet_joint": [2.0, 4.5, 7.0, 7.0, 2.0, 4.5, 7.0, 7.0],
    "si_joint": [3.0, 4.0, 5.0, 5.0, 3.0, 4.0, 5.0, 5.0],
    "discogenic": [7.0, 5.5, 3.5, 2.5, 7.0, 5.5, 3.5, 2.5],
    "spondylolisthesis": [1.5, 1.8, 3.1, 3.5, 1.5, 3.1, 5.6, 6.2],
    "peripheral_neuropathy": [0.20, 0.80, 2.0, 3.0, 0.20, 0.80, 2.0, 3.0],
    "pelvic_stress_fracture": [0.15, 0.050, 0.10, 0.25, 0.42, 0.14, 0.28, 0.70],
    "pregnancy_pelvic_girdle": [0.0, 0.0, 0.0, 0.0, 2.7, 0.27, 0.0, 0.0],
    "visceral_renal": [0.625, 0.956, 0.885, 1.035, 1.402, 0.978, 0.965, 1.19],
    "ql_myofascial": [4.0, 4.0, 3.0, 2.5, 4.0, 4.0, 3.0, 2.5],
    "piriformis_syndrome": [2.3, 2.3, 1.8, 1.4, 2.3, 2.3, 1.8, 1.4],
    "nonspecific_mechanical": [40.345, 32.584, 21.592, 13.846, 38.563, 31.775, 20.176, 11.724],
    "chronic_nonspecific": [26.93, 26.66, 26.423, 20.819, 25.775, 26.007, 24.659, 17.586],
}

# Extra age bands inside the youngest one, for a condition whose share differs there: an
# extra factor on top of the band's (docs/METHOD.md, "Priors", the youngest users).
# condition -> (age_min, age_max, factor, citation id, note)
YOUNG: dict[str, tuple[int, int, float, str, str]] = {
    "spondylolisthesis": (
        16,
        19,
        3.13,
        "kuzey2020_child_lbp",
        "Ages 16-19: a stress crack (spondylolysis, with or without a slip) in 4.7% of 106 "
        "patients aged 8-17 with low back pain at one Istanbul clinic (kuzey2020_child_lbp), "
        "against 1.5% for the under-40 band: x3.13. Not the 30% of 1,025 adolescent athletes at "
        "a hospital sports clinic (selhorst2019_spondylolysis): athletes only, referred, and sport "
        "enters as an answer. A hospital clinic, not primary care; 18-19 is extrapolated from a "
        "series that stops at 17.",
    ),
}

E = "estimate"
S = "source"
# (kind, citation id or reason, note) for the prior, the age bands and the sex factors
SOURCES: dict[str, dict[str, tuple[str, str, str | None]]] = {
    "vertebral_fracture": {
        "prior": (
            S,
            "williams2013",
            "1.9% overall: inside the 0.7-4.5% primary-care range (Williams 2013; the range was seen in the stored evidence summary, ebmg_williams2013); 0.7% in a Sydney primary-care cohort of mean age 43 (Henschke 2009); 5% of GP consulters over 55 (Enthoven 2016).",
        ),
        "age": (
            S,
            "cosman2017_nhanes_vfa",
            "Prevalence under 5% before 60, 11% at 70-79, 18% from 80 (NHANES VFA): bands 0.3/0.8/3/8%; the 60+ bands average about 5%, as Enthoven 2016 found in GP consulters over 55.",
        ),
        "sex": (
            E,
            "NHANES VFA finds fractures similar by sex, but painful fractures in consulters are commoner in older women (female sex is in Henschke 2009's fracture rule): women/men about 1.45 from 60, 1.2 at 40-59, 1.0 under 40.",
            None,
        ),
    },
    "spinal_malignancy": {
        "prior": (
            S,
            "simel_rce_lbp",
            "About 0.5% overall: 0.7% in primary care (Rational Clinical Examination), 0.66% in a walk-in clinic (Deyo & Diehl 1988), 0.3% in six primary-care cohorts (Henschke 2013).",
        ),
        "age": (
            S,
            "simel_rce_lbp",
            "About 80% of spinal malignancy is over 50: bands 0.1/0.35/0.9/1.3% put 78% of cases at 50+.",
        ),
    },
    "spinal_infection": {
        "prior": (
            E,
            "0.04%: 0.01% in office practice (Rational Clinical Examination, older data); upper bound 0.09% from 5.4 vertebral osteomyelitis admissions per 100,000 a year (Issa 2018) over 591 back-pain consulters per 10,000 (Jordan 2010).",
            None,
        ),
        "age": (
            S,
            "issa2018",
            "Half of US admissions are under 59 while about 73% of consulters are: under-60 factor about 0.7, 60+ about 1.9.",
        ),
        "sex": (
            E,
            "Men predominate (62% male, Mylona 2009; 2:1 in adult discitis reviews) though 51% male in US admissions (Issa 2018): men x1.3, women x0.75.",
            None,
        ),
    },
    "cauda_equina": {
        "prior": (
            S,
            "dionne2019",
            "An estimated 0.04% of people with low back pain (Dionne and colleagues' review).",
        ),
        "age": (
            E,
            "Disc herniation, its usual cause, peaks at 30-55 (Rational Clinical Examination): a slight tilt to under 60 (0.04/0.05/0.03/0.025%).",
            None,
        ),
    },
    "aortic_aneurysm": {
        "prior": (
            E,
            "No study gives the share of back-pain consulters whose pain is an aneurysm; built from prevalence (men at 65 about 1-3%, Rabben 2021; women 60+ 0.74%, Ulug 2016; rare before 50) times a small share that present with back pain: 0.024% overall.",
            None,
        ),
        "age": (
            E,
            "Rare before 50 and rising steeply with age (Ulug 2016; Rabben 2021): 0.001/0.01/0.05/0.1% by band before the sex factor.",
            None,
        ),
        "sex": (
            S,
            "ulug2016_aaa_women",
            "Men x1.9, women x0.26: screen-detected prevalence 2.6% in men at 65 (Rabben 2021) against 0.74% in women over 60, and four to six times more men treated.",
        ),
    },
    "vascular_claudication": {
        "prior": (
            E,
            "About half of back-pain consulters who also have claudication are taken to have the artery as the cause of their walking symptom: claudication 1.6% at 55+ (Meijer 1998), symptomatic PAD 2.4% at 50-89 in UK primary care (Cea-Soriano 2018). Smoking and diabetes act through the answers, not the prior.",
            None,
        ),
        "age": (
            S,
            "meijer1998_rotterdam",
            "Claudication rises clearly with age (Rotterdam Study): bands 0.05/0.4/1.5/2.5% before the sex factor.",
        ),
        "sex": (
            S,
            "cea_soriano2018",
            "Symptomatic PAD 3.1% in men against 1.7% in women in UK primary care: men x1.35, women x0.71.",
        ),
    },
    "axial_spondyloarthritis": {
        "prior": (
            S,
            "rudwaleit2004",
            "5% of chronic back pain with onset before 45 (Rudwaleit 2004; 16% in a Dutch GP sample, van Hoeven 2015); about 40% of consulters are chronic, so 1.5-2% under 40, falling after 45: 0.8% overall.",
        ),
        "age": (
            S,
            "rudwaleit2004",
            "Onset after 45 is rare: bands 1.5/0.6/0.3/0.2% before the sex factor.",
        ),
        "sex": (
            E,
            "Men predominate in radiographic disease (70%) but not in non-radiographic axSpA (47%) (de Winter 2016): men x1.3, women x0.75.",
            None,
        ),
    },
    "lumbar_stenosis": {
        "prior": (
            S,
            "jensen2020_lss",
            "25% of primary-care patients in Jensen 2020 (samples mostly older, with leg symptoms) against about 3% of all office back pain (Deyo 2001): 5% overall, concentrated in older consulters.",
        ),
        "age": (
            E,
            "Bands 0.3/3/10/18%: symptomatic and radiological stenosis rise steeply with age (Jensen 2020 and the population cohorts it pools); 18% at 70+ stays below Jensen's 25% because those samples were chosen for leg symptoms, which the walking answers carry here.",
            None,
        ),
    },
    "disc_radiculopathy": {
        "prior": (
            S,
            "konstantinou2015_atlas",
            "About a third of back-pain consulters have pain below the knee (Hider 2015) and 74% of back-and-leg-pain consulters are diagnosed with sciatica (ATLAS), partly from stenosis or referred pain: 8.3% overall. The leg answers must do the work.",
        ),
        "age": (
            S,
            "simel_rce_lbp",
            "Herniated discs with sciatica are commonest at 30-55; lower when older, where stenosis takes over: 9/10/6/4%.",
        ),
    },
    "hip_osteoarthritis": {
        "prior": (
            E,
            "No study gives the share of back-pain consulters whose pain is from the hip; symptomatic hip OA affects about 9% of adults over 45: 2.0% overall.",
            None,
        ),
        "age": (
            E,
            "Hip OA rises with age (NICE NG226 diagnoses it from 45): 0.2/1.5/4/6% before the sex factor.",
            None,
        ),
        "sex": (E, "Hip OA modestly commoner in women: women x1.08, men x0.9.", None),
    },
    "facet_joint": {
        "prior": (
            S,
            "depalma2011",
            "Facet pain in 31% of treatment-resistant chronic back pain in a spine centre (DePalma 2011), up to 15% of chronic LBP (Cohen 2007); only part of the consulters are chronic: 4.3% overall.",
        ),
        "age": (S, "depalma2011", "Facet pain more likely with age until about 70: 2/4.5/7/7%."),
    },
    "si_joint": {
        "prior": (
            S,
            "depalma2011",
            "Sacroiliac pain in 18% of treatment-resistant chronic back pain (DePalma 2011): 3.9% of all consulters.",
        ),
        "age": (S, "depalma2011", "Sacroiliac pain more likely with age until about 70: 3/4/5/5%."),
    },
    "discogenic": {
        "prior": (
            S,
            "depalma2011",
            "Internal disc disruption in 42% of treatment-resistant chronic back pain (DePalma 2011): 5.3% of all consulters.",
        ),
        "age": (
            S,
            "depalma2011",
            "The younger the patient, the likelier disc pain: 7/5.5/3.5/2.5%.",
        ),
    },
    "spondylolisthesis": {
        "prior": (
            S,
            "simel_rce_lbp",
            "Spondylolisthesis 3% of primary-care back pain (Rational Clinical Examination): 2.8% overall.",
        ),
        "age": (
            S,
            "wang2017_ds",
            "Few develop degenerative slips before 50: 1.5 (isthmic, young)/2.5/4.5/5% before the sex factor.",
        ),
        "sex": (
            S,
            "jacobsen2007",
            "Degenerative slip on x-ray in 8.4% of women and 2.7% of men (Copenhagen), 1.3:1 in older Hong Kong adults (Wang 2017): from 40, women x1.25, men x0.7.",
        ),
    },
    "peripheral_neuropathy": {
        "prior": (
            E,
            "No share of back-pain consulters found; neuropathy rises with age and diabetes acts through its answer: 1.1% overall.",
            None,
        ),
        "age": (E, "0.2/0.8/2/3%: polyneuropathy prevalence rises with age.", None),
    },
    "pelvic_stress_fracture": {
        "prior": (
            E,
            "No figure found: fatigue fractures in young runners and recruits, insufficiency fractures in older people: 0.23% overall.",
            None,
        ),
        "age": (E, "0.3/0.1/0.2/0.5% by band: two peaks, young active and old osteoporotic.", None),
        "sex": (
            E,
            "Mostly women (female runners and recruits; older osteoporotic women): women x1.4, men x0.5.",
            None,
        ),
    },
    "pregnancy_pelvic_girdle": {
        "prior": (
            E,
            "Pelvic girdle pain affects about 20% of pregnant women (Vleeming 2008); the share of consulters who are pregnant or recently delivered is unknown: women under 40 2.7%, 40-59 0.27%, none from 60, none in men.",
            None,
        ),
        "age": (
            E,
            "Childbearing age: almost all under 40, a tenth as many at 40-59, none from 60.",
            None,
        ),
        "sex": (E, "Women only (pregnancy or the three months after birth).", None),
    },
    "visceral_renal": {
        "prior": (
            E,
            "Visceral causes about 2% of office back pain (Deyo 2001); kidney causes set at 1% overall, 55% stones and 45% infections (stone episodes 12 per 10,000 a year, Hiatt 1982; kidney infection about 10, Czaja 2007).",
            None,
        ),
        "age": (
            E,
            "The sum of the two sub-types by age and sex, each scaled to its overall share. Stones (0.55 of the old stone-shaped row 1.0/1.5/1.2/1.2% in men, 0.64/0.96/0.80/0.80% in women): episodes peak at 40-59 and fall only a little after 60 (alfred_ed2017_renal_colic, Dursun 2014, Jour 2022), men x1.25 and women x0.8 (lifetime risk 12% and 6%, bultitude2012). Infections in proportion to yearly incidence per 10,000, men 2/3.5/6/10 and women 28/12/14/20 by band: 28 in women aged 18-49 (scholes2005_pyelo), 15-17 in all women and 3-4 in all men (czaja2007_pyelonephritis), a peak in women aged 15-35, then a gradual rise after 50 in women and after 35 in men, and a narrowing sex gap from 65 (medscape_pyelo_epi); the figures between those anchors are an estimate. The infection's age shape per consulter is taken as its age shape per person, since the consulter mix (33/40/14/13%) is close to the adult population's.",
            None,
        ),
    },
    "ql_myofascial": {
        "prior": (
            E,
            "No verified figure; the earlier estimate (about 4%) kept, a little lower when older.",
            None,
        ),
        "age": (E, "4/4/3/2.5%: muscle strains commoner in working ages.", None),
    },
    "piriformis_syndrome": {
        "prior": (
            S,
            "singh2013_piriformis",
            "Piriformis syndrome in 182 of 2,910 outpatients with low back or buttock pain and sciatica (6.3%, orthopaedic and rehabilitation clinics, Singh 2013), times the third of back-pain consulters with pain below the knee (Hider 2015): about 2.1% overall.",
        ),
        "age": (
            E,
            "2.3/2.3/1.8/1.4%: Singh 2013's patients were 19-75 (mean 43); fewer after 60 is an estimate. 85% of them were women, but the abstract does not give the sex mix of all 2,910, so no sex factor is applied.",
            None,
        ),
    },
    "nonspecific_mechanical": {
        "prior": (
            S,
            "deyo2001",
            "The remainder after the specific causes (about 57% of consulters, 68% under 40, 33% at 70+), consistent with about 85% having no precise diagnosis (Deyo 2001) once the block-study labels are counted in it; the acute share of the remainder is an estimate (60/55/45/40%).",
        ),
        "age": (
            E,
            "The remainder in each band (100% minus the specific causes) times an estimated acute share of 60/55/45/40%.",
            None,
        ),
        "sex": (E, "The remainder in each band and sex.", None),
    },
    "chronic_nonspecific": {
        "prior": (
            S,
            "deyo2001",
            "The remainder after the specific causes, consistent with about 85% having no precise diagnosis (Deyo 2001); the chronic share of the remainder is an estimate (40/45/55/60%).",
        ),
        "age": (
            E,
            "The remainder in each band times an estimated chronic share of 40/45/55/60%.",
            None,
        ),
        "sex": (E, "The remainder in each band and sex.", None),
    },
}


def q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def provenance(kind: str, what: str, note: str | None) -> str:
    if kind == S:
        return f"source: {what}" + (f", note: {q(note)}" if note else "")
    return f"estimate: {q(what)}"


def block(cid: str) -> str:
    cells = [max(x, FLOOR) for x in TABLE[cid]]
    men, women = cells[:4], cells[4:]
    band = [(1 - FEMALE) * m + FEMALE * f for m, f in zip(men, women, strict=True)]
    overall = sum(w * b for w, b in zip(BAND_WEIGHT, band, strict=True))
    src = SOURCES[cid]
    kind, what, note = src["prior"]
    lines = ["  prior:", f"    value: {overall / 100:.6g}"]
    if kind == S:
        lines.append(f"    source: {what}")
        if note:
            lines.append(f"    note: {q('Priors table (docs/METHOD.md). ' + note)}")
    else:
        lines.append(f"    estimate: {q('Priors table (docs/METHOD.md). ' + what)}")
    lines.append("  prior_modifiers:")
    if cid in YOUNG:
        lo, hi, factor, cite, why = YOUNG[cid]
        lines.append(
            f"    - {{age_min: {lo}, age_max: {hi}, factor: {factor:.4g}, "
            f"{provenance(S, cite, why)}}}"
        )
    for (lo, hi), b in zip(BANDS, band, strict=True):
        rng = ", ".join(x for x in (lo and f"age_min: {lo}", hi and f"age_max: {hi}") if x)
        lines.append(f"    - {{{rng}, factor: {b / overall:.4g}, {provenance(*src['age'])}}}")
    for (lo, hi), b, m, f in zip(BANDS, band, men, women, strict=True):
        if abs(m / b - 1) < 0.005 and abs(f / b - 1) < 0.005:
            continue
        rng = ", ".join(x for x in (lo and f"age_min: {lo}", hi and f"age_max: {hi}") if x)
        for sex, v in (("male", m), ("female", f)):
            sx = src.get("sex", src["age"])
            lines.append(f"    - {{{rng}, sex: {sex}, factor: {v / b:.4g}, {provenance(*sx)}}}")
    return "\n".join(lines) + "\n"


def main() -> None:
    for path in sorted(DATA.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for cid in TABLE:
            pat = re.compile(rf"(- id: {cid}\n(?:.*\n)*?)  prior:\n(?:.*\n)*?(?=  urgency:)")
            text, _ = pat.subn(lambda m, c=cid: m.group(1) + block(c), text, count=1)
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
