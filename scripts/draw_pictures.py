"""Draw Backstride's stick-figure pictures: one SVG per exercise and self-test.

Each pose below is a set of joint positions on a 200 x 120 canvas (x to the right, y down, the
floor at y = 110), drawn for Backstride. The near arm and leg are dark, the far ones light, so a
side view reads at a glance. Props (floor, chair, wall, step, counter, bike, bed) and motion
arrows are simple shapes. Run from the repository root to rewrite the files:

    .venv/bin/python scripts/draw_pictures.py

The SVG files are package data (src/backstride/pictures/); `backstride kb check` fails when an
exercise or self-test has none.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

OUT = Path(__file__).resolve().parents[1] / "src" / "backstride" / "pictures"
INK, FAR, PROP, MOVE = "#1f3a5f", "#8fa6bd", "#9a9a9a", "#c0561b"

P = tuple[float, float]


def line(*pts: P, color: str = INK, width: float = 4) -> str:
    d = " ".join(f"{x:g},{y:g}" for x, y in pts)
    return (
        f'<polyline points="{d}" fill="none" stroke="{color}" stroke-width="{width}" '
        'stroke-linecap="round" stroke-linejoin="round"/>'
    )


def curve(a: P, mid: P, b: P, color: str = INK, width: float = 4) -> str:
    return (
        f'<path d="M{a[0]:g},{a[1]:g} Q{mid[0]:g},{mid[1]:g} {b[0]:g},{b[1]:g}" fill="none" '
        f'stroke="{color}" stroke-width="{width}" stroke-linecap="round"/>'
    )


def figure(j: dict[str, P]) -> str:
    """A stick figure from its joints; 'mid' bends the back, *2 joints are the far limbs."""
    out = []
    for a, b, c in (("neck", "elbow2", "hand2"), ("hip", "knee2", "foot2")):
        if b in j:
            out.append(line(j[a], j[b], j[c], color=FAR))
    if "mid" in j:
        out.append(curve(j["neck"], j["mid"], j["hip"]))
    else:
        out.append(line(j["neck"], j["hip"]))
    for a, b, c in (("neck", "elbow", "hand"), ("hip", "knee", "foot")):
        if b in j:
            out.append(line(j[a], j[b], j[c]))
    hx, hy = j["head"]
    out.append(
        f'<circle cx="{hx:g}" cy="{hy:g}" r="8" fill="#fff" stroke="{INK}" stroke-width="4"/>'
    )
    return "".join(out)


def arrow(a: P, b: P, mid: P | None = None) -> str:
    path = (
        f"M{a[0]:g},{a[1]:g} Q{mid[0]:g},{mid[1]:g} {b[0]:g},{b[1]:g}"
        if mid
        else f"M{a[0]:g},{a[1]:g} L{b[0]:g},{b[1]:g}"
    )
    return (
        f'<path d="{path}" fill="none" stroke="{MOVE}" stroke-width="2.5" '
        'stroke-linecap="round" marker-end="url(#tip)"/>'
    )


def floor(x1: float = 10, x2: float = 190, y: float = 110) -> str:
    return line((x1, y), (x2, y), color=PROP, width=2)


def chair(x: float, seat_y: float = 75, back_left: bool = True) -> str:
    back = x if back_left else x + 40
    return (
        line((x, seat_y), (x + 40, seat_y), color=PROP, width=3)
        + line((x + 2, seat_y), (x + 2, 110), color=PROP, width=3)
        + line((x + 38, seat_y), (x + 38, 110), color=PROP, width=3)
        + line((back, seat_y), (back, 35), color=PROP, width=3)
    )


def box(x1: float, y1: float, x2: float, y2: float) -> str:
    return (
        f'<rect x="{x1:g}" y="{y1:g}" width="{x2 - x1:g}" height="{y2 - y1:g}" fill="#eeeeee" '
        f'stroke="{PROP}" stroke-width="2"/>'
    )


def wall(x: float) -> str:
    return line((x, 5), (x, 110), color=PROP, width=3)


PICTURES: dict[str, tuple[str, str]] = {}


def picture(pid: str, title: str, *parts: str) -> None:
    PICTURES[pid] = (title, "".join(parts))


# ------------------------------------------------------------------------------- exercises
picture(
    "knee_to_chest",
    "Lying on your back, hugging both knees to your chest",
    floor(),
    figure(
        dict(
            head=(30, 100),
            neck=(42, 104),
            hip=(100, 106),
            knee=(78, 74),
            foot=(100, 80),
            knee2=(84, 78),
            foot2=(106, 85),
            elbow=(58, 90),
            hand=(76, 78),
            elbow2=(62, 94),
            hand2=(80, 83),
        )
    ),
    arrow((120, 70), (98, 62), (112, 58)),
)
picture(
    "seated_forward_bend",
    "Sitting on a chair, letting your chest sink forward between your knees",
    floor(),
    chair(95, back_left=False),
    figure(
        dict(
            head=(68, 76),
            neck=(80, 62),
            mid=(104, 50),
            hip=(112, 72),
            knee=(78, 72),
            foot=(78, 108),
            knee2=(84, 74),
            foot2=(86, 108),
            elbow=(76, 86),
            hand=(72, 102),
            elbow2=(82, 88),
            hand2=(80, 104),
        )
    ),
)
picture(
    "bike_forward_lean",
    "Cycling on an exercise bike, leaning forward a little",
    floor(),
    '<circle cx="55" cy="92" r="17" fill="none" stroke="#9a9a9a" stroke-width="3"/>',
    '<circle cx="145" cy="92" r="17" fill="none" stroke="#9a9a9a" stroke-width="3"/>',
    line((55, 92), (90, 92), (80, 60), color=PROP, width=3),
    line((90, 92), (135, 62), (80, 62), color=PROP, width=3),
    line((135, 62), (145, 92), color=PROP, width=3),
    line((135, 62), (133, 48), (142, 46), color=PROP, width=3),
    line((70, 58), (88, 58), color=PROP, width=4),
    figure(
        dict(
            head=(124, 24),
            neck=(114, 34),
            hip=(80, 55),
            knee=(106, 66),
            foot=(98, 100),
            knee2=(100, 56),
            foot2=(84, 84),
            elbow=(126, 44),
            hand=(140, 47),
            elbow2=(122, 46),
            hand2=(136, 48),
        )
    ),
)
picture(
    "repeated_press_up",
    "Lying on your tummy, pushing your upper body up with your arms, hips on the floor",
    floor(),
    figure(
        dict(
            head=(150, 60),
            neck=(140, 72),
            mid=(118, 100),
            hip=(95, 106),
            knee=(62, 108),
            foot=(30, 107),
            elbow=(142, 90),
            hand=(144, 108),
            elbow2=(137, 91),
            hand2=(139, 108),
        )
    ),
    arrow((160, 96), (160, 70)),
)
picture(
    "cat_camel",
    "On all fours, rounding your back up, then letting it dip",
    floor(),
    figure(
        dict(
            head=(152, 84),
            neck=(140, 70),
            mid=(108, 46),
            hip=(75, 70),
            knee=(75, 108),
            foot=(40, 108),
            elbow=(141, 89),
            hand=(142, 108),
            knee2=(80, 108),
            foot2=(46, 109),
            elbow2=(137, 89),
            hand2=(137, 108),
        )
    ),
    arrow((108, 40), (108, 18)),
    arrow((108, 24), (108, 44)),
)
picture(
    "childs_pose",
    "Kneeling, sitting back towards your heels with your arms stretched forward",
    floor(),
    figure(
        dict(
            head=(62, 100),
            neck=(76, 98),
            mid=(100, 84),
            hip=(128, 94),
            knee=(100, 108),
            foot=(138, 108),
            elbow=(52, 104),
            hand=(30, 108),
            elbow2=(56, 106),
            hand2=(34, 109),
        )
    ),
)
picture(
    "bridge",
    "Lying on your back with knees bent, lifting your hips",
    floor(),
    figure(
        dict(
            head=(30, 100),
            neck=(42, 106),
            hip=(100, 80),
            knee=(132, 66),
            foot=(140, 108),
            knee2=(128, 68),
            foot2=(136, 108),
            elbow=(62, 108),
            hand=(84, 108),
        )
    ),
    arrow((100, 104), (100, 88)),
)
picture(
    "glute_squeeze",
    "Standing tall at a counter, squeezing your buttocks",
    floor(),
    box(130, 60, 178, 110),
    figure(
        dict(
            head=(100, 22),
            neck=(100, 34),
            hip=(100, 70),
            knee=(100, 90),
            foot=(100, 108),
            knee2=(104, 90),
            foot2=(104, 108),
            elbow=(112, 50),
            hand=(130, 60),
        )
    ),
    arrow((76, 62), (92, 70)),
    arrow((76, 80), (92, 74)),
)
picture(
    "side_lying_leg_lift",
    "Lying on your side, lifting the top leg",
    floor(),
    figure(
        dict(
            head=(26, 92),
            neck=(40, 98),
            hip=(100, 100),
            knee=(135, 90),
            foot=(170, 80),
            knee2=(122, 108),
            foot2=(100, 109),
            elbow=(70, 100),
            hand=(88, 104),
            elbow2=(28, 108),
            hand2=(16, 100),
        )
    ),
    arrow((176, 92), (176, 62)),
)
picture(
    "bird_dog",
    "On all fours, reaching one arm forward and the other leg back",
    floor(),
    figure(
        dict(
            head=(148, 62),
            neck=(135, 72),
            hip=(75, 72),
            knee=(45, 71),
            foot=(15, 70),
            knee2=(75, 108),
            foot2=(45, 108),
            elbow=(160, 68),
            hand=(186, 64),
            elbow2=(135, 90),
            hand2=(135, 108),
        )
    ),
)
picture(
    "dead_bug",
    "On your back, arms up, knees bent at right angles, lowering one heel to the floor",
    floor(),
    figure(
        dict(
            head=(30, 100),
            neck=(42, 106),
            hip=(100, 106),
            knee=(124, 86),
            foot=(154, 106),
            knee2=(100, 72),
            foot2=(130, 72),
            elbow=(44, 86),
            hand=(46, 64),
            elbow2=(49, 87),
            hand2=(52, 66),
        )
    ),
    arrow((150, 74), (158, 96), (160, 80)),
)
picture(
    "side_plank",
    "Side plank on your forearm and knees, hips lifted",
    floor(),
    figure(
        dict(
            head=(30, 70),
            neck=(42, 80),
            hip=(96, 94),
            knee=(136, 106),
            foot=(120, 84),
            elbow=(42, 108),
            hand=(66, 108),
            elbow2=(70, 80),
            hand2=(92, 90),
        )
    ),
    arrow((96, 112), (96, 100)),
)
picture(
    "hip_flexor_stretch",
    "Kneeling on one knee, shifting your weight forward",
    floor(),
    box(66, 103, 94, 110),
    chair(148, back_left=True),
    figure(
        dict(
            head=(93, 22),
            neck=(92, 34),
            hip=(90, 72),
            knee=(126, 72),
            foot=(126, 108),
            knee2=(80, 104),
            foot2=(48, 108),
            elbow=(118, 52),
            hand=(148, 40),
        )
    ),
    arrow((72, 62), (88, 62)),
)
picture(
    "piriformis_stretch",
    "On your back, one ankle resting on the other knee, pulling that thigh towards you",
    floor(),
    figure(
        dict(
            head=(30, 100),
            neck=(42, 104),
            hip=(100, 106),
            knee=(128, 86),
            foot=(96, 74),
            knee2=(96, 72),
            foot2=(122, 74),
            elbow=(62, 90),
            hand=(92, 84),
        )
    ),
)
picture(
    "hamstring_stretch",
    "One heel on a low step, leaning forward from the hips",
    floor(),
    box(130, 92, 172, 110),
    figure(
        dict(
            head=(126, 28),
            neck=(116, 38),
            hip=(92, 68),
            knee=(118, 80),
            foot=(146, 92),
            knee2=(90, 90),
            foot2=(90, 108),
            elbow=(116, 58),
            hand=(118, 76),
        )
    ),
)
picture(
    "ql_side_stretch",
    "Side-on to a wall, legs crossed, reaching the outside arm over your head",
    floor(),
    wall(172),
    figure(
        dict(
            head=(124, 24),
            neck=(116, 36),
            mid=(104, 54),
            hip=(100, 72),
            knee=(108, 90),
            foot=(118, 108),
            knee2=(112, 90),
            foot2=(100, 108),
            elbow=(110, 12),
            hand=(140, 10),
            elbow2=(126, 54),
            hand2=(132, 70),
        )
    ),
    arrow((90, 72), (74, 72)),
)
picture(
    "nerve_glide",
    "Sitting tall, straightening one leg while looking up",
    floor(),
    chair(60, back_left=True),
    figure(
        dict(
            head=(72, 23),
            neck=(76, 36),
            hip=(76, 72),
            knee=(110, 70),
            foot=(142, 62),
            knee2=(110, 72),
            foot2=(110, 108),
            elbow=(84, 56),
            hand=(100, 68),
        )
    ),
    arrow((132, 98), (146, 72), (146, 90)),
)
picture(
    "balance_practice",
    "Standing on one leg at a kitchen counter, hands resting on it",
    floor(),
    box(130, 60, 178, 110),
    figure(
        dict(
            head=(100, 22),
            neck=(100, 34),
            hip=(100, 70),
            knee=(100, 90),
            foot=(100, 108),
            knee2=(96, 88),
            foot2=(84, 94),
            elbow=(116, 52),
            hand=(130, 60),
            elbow2=(113, 54),
            hand2=(128, 61),
        )
    ),
)
picture(
    "pelvic_tilt",
    "Standing with your back against a wall, tucking your tail under",
    floor(),
    wall(72),
    figure(
        dict(
            head=(84, 22),
            neck=(82, 34),
            hip=(82, 72),
            knee=(88, 90),
            foot=(84, 108),
            knee2=(91, 90),
            foot2=(88, 108),
            elbow=(86, 54),
            hand=(92, 72),
        )
    ),
    arrow((98, 60), (96, 82), (106, 72)),
)
# ------------------------------------------------------------------------------- self-tests
picture(
    "hamstring_9090",
    "On your back, thigh pointing up, holding it, slowly straightening the knee",
    floor(),
    figure(
        dict(
            head=(30, 100),
            neck=(42, 104),
            hip=(100, 106),
            knee=(100, 66),
            foot=(128, 52),
            knee2=(136, 107),
            foot2=(172, 108),
            elbow=(70, 84),
            hand=(98, 80),
        )
    ),
    arrow((136, 60), (118, 28), (136, 38)),
)
picture(
    "slr",
    "On your back, one leg lifted straight by the heel",
    floor(),
    '<ellipse cx="28" cy="104" rx="16" ry="5" fill="#eeeeee" stroke="#9a9a9a" stroke-width="2"/>',
    figure(
        dict(
            head=(28, 94),
            neck=(42, 102),
            hip=(100, 106),
            knee=(130, 86),
            foot=(158, 66),
            knee2=(136, 107),
            foot2=(172, 108),
            elbow=(62, 106),
            hand=(82, 108),
        )
    ),
    line((186, 30), (176, 50), (162, 66), color=FAR, width=4),
    arrow((170, 80), (168, 54), (176, 68)),
)
picture(
    "seated_piriformis",
    "Sitting with one ankle on the other knee, leaning forward from the hips",
    floor(),
    chair(60, back_left=True),
    figure(
        dict(
            head=(106, 28),
            neck=(98, 40),
            hip=(76, 72),
            knee=(104, 60),
            foot=(112, 72),
            knee2=(110, 72),
            foot2=(110, 108),
            elbow=(102, 48),
            hand=(104, 58),
        )
    ),
    arrow((88, 22), (104, 16), (94, 14)),
)
picture(
    "thomas",
    "Lying back at the end of a bed, hugging one knee, the other leg hanging down",
    line((14, 110), (190, 110), color=PROP, width=2),
    box(15, 70, 122, 80),
    line((18, 80), (18, 110), color=PROP, width=3),
    line((118, 80), (118, 110), color=PROP, width=3),
    figure(
        dict(
            head=(28, 60),
            neck=(42, 65),
            hip=(112, 66),
            knee=(90, 38),
            foot=(110, 42),
            knee2=(134, 76),
            foot2=(136, 106),
            elbow=(64, 48),
            hand=(88, 40),
        )
    ),
)
picture(
    "extension_range",
    "Standing with your hands on your hips, leaning your upper body back",
    floor(),
    figure(
        dict(
            head=(80, 24),
            neck=(86, 36),
            mid=(98, 52),
            hip=(100, 70),
            knee=(100, 90),
            foot=(100, 108),
            knee2=(104, 90),
            foot2=(104, 108),
            elbow=(76, 56),
            hand=(96, 68),
        )
    ),
    arrow((116, 38), (96, 16), (112, 20)),
)
picture(
    "single_leg_stance",
    "Standing on one leg with your hands on your hips, hips level",
    floor(),
    line((76, 70), (124, 70), color=MOVE, width=1.5),
    figure(
        dict(
            head=(100, 22),
            neck=(100, 34),
            hip=(100, 70),
            knee=(94, 90),
            foot=(94, 108),
            knee2=(110, 88),
            foot2=(114, 98),
            elbow=(82, 52),
            hand=(94, 68),
            elbow2=(118, 52),
            hand2=(106, 68),
        )
    ),
)
picture(
    "timed_walk",
    "Walking at your normal speed with a stopwatch",
    floor(),
    figure(
        dict(
            head=(90, 22),
            neck=(90, 34),
            hip=(90, 70),
            knee=(100, 90),
            foot=(108, 108),
            knee2=(84, 90),
            foot2=(72, 106),
            elbow=(82, 50),
            hand=(78, 66),
            elbow2=(98, 50),
            hand2=(104, 64),
        )
    ),
    '<circle cx="160" cy="44" r="15" fill="#fff" stroke="#1f3a5f" stroke-width="3"/>',
    line((160, 29), (160, 24), color=INK, width=3),
    line((160, 44), (160, 34), color=MOVE, width=2.5),
    line((160, 44), (168, 48), color=INK, width=2.5),
    arrow((120, 96), (150, 96)),
)

HEAD = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 120" width="400" height="240" '
    'role="img" aria-labelledby="title">'
    '<title id="title">{title}</title>'
    "<desc>Stick-figure drawing made for Backstride.</desc>"
    '<defs><marker id="tip" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" '
    f'markerHeight="5" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{MOVE}"/>'
    "</marker></defs>"
    '<rect width="200" height="120" fill="#fff"/>'
)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for pid, (title, body) in PICTURES.items():
        svg = HEAD.format(title=escape(title)) + body + "</svg>\n"
        (OUT / f"{pid}.svg").write_text(svg)
    print(f"wrote {len(PICTURES)} pictures to {OUT}")


if __name__ == "__main__":
    main()
