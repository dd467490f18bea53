"""The drawn figures: each demo exercise's start and end poses, its equipment and marks.

Poses are data for ``programs.figures.body`` (see its docstring for the keys).
All figures face right; the far side of the body is drawn light. The texts are
what a screen reader hears and what the still pictures are captioned with.
"""

from __future__ import annotations

from programs.figures.svg import Figure

MAT = 3.0  # the mat's top
LIE = MAT + 8  # the line of a trunk lying on the mat
SEAT = 45.0  # the chair's seat
SIT = SEAT + 10  # the pelvis of someone sitting on it
STAND = 92.0  # the pelvis of someone standing
ANKLE = 6.0  # an ankle with the foot on the floor (add MAT on a mat)


def _pose(**parts) -> dict:
    return parts


def _standing(x: float = 0.0, **changes) -> dict:
    pose = {
        "at": (x, STAND),
        "torso": 90,
        "head": 90,
        "near_leg": {"to": (x + 2, ANKLE), "bend": 1},
        "far_leg": {"to": (x - 2, ANKLE), "bend": 1},
        "near_arm": (-95, -80),
        "far_arm": (-88, -78),
    }
    return pose | changes


def _hook_lying(x: float = 0.0, feet: float = 48.0, **changes) -> dict:
    """On the back, head to the left, knees bent and feet flat on the mat."""
    pose = {
        "at": (x, LIE),
        "torso": 180,
        "head": 172,
        "near_leg": {"to": (x + feet, MAT + ANKLE), "bend": 1},
        "far_leg": {"to": (x + feet, MAT + ANKLE), "bend": 1},
        "near_arm": (-4, -2),
        "far_arm": (-4, -2),
    }
    return pose | changes


def _seated(x: float = 0.0, **changes) -> dict:
    """Sitting tall on a chair whose backrest is 15 to the left of the pelvis."""
    pose = {
        "at": (x, SIT),
        "torso": 90,
        "head": 90,
        "near_leg": {"to": (x + 42, ANKLE), "bend": 1},
        "far_leg": {"to": (x + 40, ANKLE), "bend": 1},
        "near_arm": (-80, -10),
        "far_arm": (-82, -12),
    }
    return pose | changes


def _front_seated(**changes) -> dict:
    """Sitting on a chair, seen from the front: knees towards us, arms crossed on the chest."""
    pose = {
        "at": (0, SIT),
        "torso": 90,
        "head": 90,
        "face": None,
        "gap": (24, 0),
        "scale": {"thigh": 0.25, "shin": 0.9, "foot": 0.35, "upper_arm": 0.6},
        "near_leg": (-80, -90, -90),
        "far_leg": (-100, -90, -90),
        "near_arm": {"to": ("shoulders", -14, -4), "bend": 1},
        "far_arm": {"to": ("shoulders", 14, -8), "bend": -1},
    }
    return pose | changes


def _side_lying_from_above(*, top: dict, top_thigh: float = 0.8) -> dict:
    """Lying on the left side, seen from the feet's side and above: hips and shoulders
    stacked, knees bent in front of the body, the head resting on the lower arm."""
    return {
        "at": (0, 30),
        "torso": 180,
        "head": 180,
        "face": None,
        "gap": (0, 14),
        "shoulder_gap": (0, 16),
        "scale": {"thigh": 0.8, "shin": 0.8, "foot": 0.4, "near_thigh": top_thigh},
        "far_leg": {"to": (60, 23), "bend": -1, "foot": 0},
        "near_leg": top | {"foot": 0},
        "far_arm": (180, 180),
        "near_arm": {"to": ("shoulders", 14, -24), "bend": 1},
    }


def _chair(x: float, facing: str = "right") -> dict:
    return {"kind": "chair", "x": x, "facing": facing}


def _mat(left: float, right: float) -> dict:
    return {"kind": "mat", "from": left, "to": right}


def _arrow(start, end, bow: float = 0.0) -> dict:
    return {"kind": "arrow", "from": start, "to": end, "bow": bow}


FIGURES = [
    Figure(
        key="glute-ball-wall",
        title="Glute release: a massage ball pinned between the buttock and a wall",
        start_text="Start: back to a wall, a ball pinned between the buttock and the wall.",
        end_text="End: knees bent a little so the ball rolls up the buttock.",
        start=_standing(
            torso=96,
            head=92,
            near_leg={"to": (16, ANKLE), "bend": 1},
            far_leg={"to": (12, ANKLE), "bend": 1},
            near_arm=(-96, -86),
            far_arm=(-92, -82),
        ),
        end=_standing(
            at=(0, STAND - 14),
            torso=98,
            head=92,
            near_leg={"to": (16, ANKLE), "bend": 1},
            far_leg={"to": (12, ANKLE), "bend": 1},
            near_arm=(-96, -86),
            far_arm=(-92, -82),
        ),
        equipment=(
            {"kind": "wall", "x": -21, "side": "left"},
            {"kind": "ball", "at": ("pelvis", -14, -2), "r": 7, "front": True},
        ),
        marks=(_arrow(("pelvis", 14, 4), ("pelvis", 14, -2), 0.0),),
    ),
    Figure(
        key="foam-roller-glute",
        title="Foam roller release: sitting on a roller, one ankle crossed over the other knee",
        start_text="Start: sitting on the roller, hands behind, one ankle on the other knee.",
        end_text="End: the body rolled back so the roller works further down the buttock.",
        start=_pose(
            at=(4, 24),
            torso=118,
            head=100,
            far_leg={"to": (52, ANKLE), "bend": 1},
            near_leg={"to": ("far_knee", 2, 8), "bend": 1, "foot": 10},
            scale={"near_thigh": 0.6, "near_shin": 0.85},
            near_arm={"to": (-38, 4), "bend": -1},
            far_arm={"to": (-36, 4), "bend": -1},
        ),
        end=_pose(
            at=(-8, 24),
            torso=112,
            head=96,
            far_leg={"to": (52, ANKLE), "bend": 1},
            near_leg={"to": ("far_knee", 2, 8), "bend": 1, "foot": 10},
            scale={"near_thigh": 0.6, "near_shin": 0.85},
            near_arm={"to": (-38, 4), "bend": -1},
            far_arm={"to": (-36, 4), "bend": -1},
        ),
        equipment=({"kind": "roller", "at": (0, 9), "r": 9},),
        marks=(_arrow(("pelvis", 0, 14), ("pelvis", 0, 14), 0.0),),
    ),
    Figure(
        key="knee-to-chest",
        title="Knee to chest: lying on the back hugging both knees in, rocking gently",
        start_text="Start: lying on the back, knees bent, feet on the mat.",
        end_text="End: both knees hugged towards the chest.",
        start=_hook_lying(),
        end=_hook_lying(
            near_leg=(118, 8, -40),
            far_leg=(114, 4, -40),
            near_arm={"to": ("near_knee", 8, -6), "bend": -1},
            far_arm={"to": ("near_knee", 8, -8), "bend": -1},
        ),
        equipment=(_mat(-85, 75),),
        marks=(_arrow(("near_knee", 10, 0), ("near_knee", 8, 8), -0.3),),
    ),
    Figure(
        key="figure-4-lying",
        title="Figure-4 stretch lying: one ankle over the other knee, the bottom thigh drawn in",
        start_text="Start: lying on the back, one ankle crossed over the other knee.",
        end_text="End: hands behind the bottom thigh draw both legs towards the chest.",
        start=_hook_lying(
            far_leg={"to": (46, MAT + ANKLE), "bend": 1},
            near_leg={"to": ("far_knee", 0, 8), "bend": 1, "foot": 0},
            scale={"near_thigh": 0.6, "near_shin": 0.85},
        ),
        end=_hook_lying(
            far_leg=(105, 5, -40),
            near_leg={"to": ("far_knee", 0, 8), "bend": 1, "foot": 0},
            scale={"near_thigh": 0.6, "near_shin": 0.85},
            near_arm={"to": ("far_knee", 3, -12), "bend": 1},
            far_arm={"to": ("far_knee", 3, -12), "bend": 1},
        ),
        equipment=(_mat(-85, 75),),
        marks=(_arrow(("far_knee", 8, 10), ("far_knee", 8, 10), 0.0),),
    ),
    Figure(
        key="figure-4-seated",
        title="Figure-4 stretch seated: ankle on the opposite knee, leaning forward from the hips",
        start_text="Start: sitting tall on a chair, one ankle resting on the other knee.",
        end_text="End: the back long, leaning forward from the hips.",
        start=_seated(
            near_leg={"to": ("far_knee", 2, 9), "bend": 1, "foot": 0},
            scale={"near_thigh": 0.6, "near_shin": 0.85},
            near_arm={"to": ("near_ankle", -8, 6), "bend": -1},
            far_arm={"to": ("far_knee", -4, 8), "bend": -1},
        ),
        end=_seated(
            torso=52,
            head=40,
            near_leg={"to": ("far_knee", 2, 9), "bend": 1, "foot": 0},
            scale={"near_thigh": 0.6, "near_shin": 0.85},
            near_arm={"to": ("near_ankle", -8, 6), "bend": -1},
            far_arm={"to": ("far_knee", -4, 8), "bend": -1},
        ),
        equipment=(_chair(-16),),
        marks=(_arrow(("shoulders", 0, 20), ("shoulders", 10, 12), -0.3),),
    ),
    Figure(
        key="hamstring-heel-on-chair",
        title="Hamstring stretch: one heel on a chair seat, knee straight, hinging forward",
        start_text="Start: standing, one straight leg with the heel on a chair seat.",
        end_text="End: the back long, hinging forward from the hips over the leg.",
        start=_standing(
            x=0,
            near_leg=(-8, -8, 88),
            far_leg={"to": (-2, ANKLE), "bend": 1},
            torso=92,
            near_arm=(-85, -80),
            far_arm=(-90, -85),
        )
        | {"near_leg": {"to": (78, SEAT + 8), "bend": -1, "foot": 80}},
        end=_standing(
            torso=55,
            head=35,
            near_leg={"to": (78, SEAT + 8), "bend": -1, "foot": 80},
            far_leg={"to": (-2, ANKLE), "bend": 1},
            near_arm={"to": ("near_knee", 4, 8), "bend": 1},
            far_arm={"to": ("near_knee", 0, 8), "bend": 1},
        ),
        equipment=(_chair(112, facing="left"),),
        marks=(_arrow(("shoulders", 0, 20), ("shoulders", 10, 10), -0.3),),
    ),
    Figure(
        key="seated-spine-twist",
        title="Seated spine twist, seen from the front: arms crossed, chest turning to one side",
        start_text="Start: sitting tall on a chair facing us, arms crossed over the chest.",
        end_text="End: chest and head turned to one side, knees still facing forward.",
        start=_front_seated(shoulder_gap=(38, 0)),
        end=_front_seated(shoulder_gap=(16, 0), face=0, torso=92),
        equipment=({"kind": "chair_front", "x": 0},),
        marks=(_arrow(("shoulders", 20, 12), ("shoulders", -20, 12), 0.35),),
    ),
    Figure(
        key="swan",
        title="Swan: lying on the front, pressing through the hands to lift the chest",
        start_text="Start: lying face down, hands under the shoulders.",
        end_text="End: chest lifted by pressing through the hands, hips stay on the mat.",
        start=_pose(
            at=(0, LIE),
            torso=180,
            head=180,
            face=-90,
            near_leg=(0, 0, -10),
            far_leg=(0, 0, -10),
            near_arm={"to": (-46, MAT + 3), "bend": 1},
            far_arm={"to": (-46, MAT + 3), "bend": 1},
        ),
        end=_pose(
            at=(0, LIE),
            torso=148,
            head=135,
            face=-160,
            near_leg=(0, 0, -10),
            far_leg=(0, 0, -10),
            near_arm={"to": (-46, MAT + 3), "bend": 1},
            far_arm={"to": (-46, MAT + 3), "bend": 1},
        ),
        equipment=(_mat(-85, 110),),
        marks=(_arrow(("shoulders", -12, 14), ("shoulders", -16, 14), 0.0),),
    ),
    Figure(
        key="band-dorsiflexion",
        title="Band ankle pull: sitting with one leg long, a band round the foot, toes drawn back",
        start_text="Start: sitting, one leg straight, a band round the ball of the foot.",
        end_text="End: toes pulled back towards the body against the band.",
        start=_pose(
            at=(0, LIE + 2),
            torso=95,
            head=85,
            near_leg=(0, 0, -40),
            far_leg={"to": (40, MAT + ANKLE), "bend": 1},
            near_arm={"to": ("shoulders", 30, -22), "bend": -1},
            far_arm={"to": ("shoulders", 30, -20), "bend": -1},
        ),
        end=_pose(
            at=(0, LIE + 2),
            torso=95,
            head=85,
            near_leg=(0, 0, 80),
            far_leg={"to": (40, MAT + ANKLE), "bend": 1},
            near_arm={"to": ("shoulders", 24, -22), "bend": -1},
            far_arm={"to": ("shoulders", 24, -20), "bend": -1},
        ),
        equipment=(
            _mat(-30, 115),
            {"kind": "band", "points": [("near_wrist", 0, 0), ("near_toe", 1, 0)], "front": True},
        ),
        marks=(_arrow(("near_toe", 6, -4), ("near_toe", 6, 4), -0.3),),
    ),
    Figure(
        key="kneeling-hip-flexor",
        title="Kneeling hip-flexor stretch: one knee down, the other foot forward, hips shifting",
        start_text="Start: kneeling on one knee, the other foot flat in front, trunk upright.",
        end_text="End: pelvis tucked and shifted forward, stretching the front of the back hip.",
        start=_pose(
            at=(0, MAT + 50),
            torso=90,
            head=90,
            far_leg={"to": (48, MAT + ANKLE), "bend": 1},
            near_leg=(-92, 178, 180),
            near_arm=(-92, -80),
            far_arm={"to": ("far_knee", -2, 8), "bend": -1},
        )
        | {"near_leg": {"to": (-42, MAT + 7), "bend": 1, "foot": 185}},
        end=_pose(
            at=(14, MAT + 46),
            torso=92,
            head=90,
            far_leg={"to": (48, MAT + ANKLE), "bend": 1},
            near_leg={"to": (-42, MAT + 7), "bend": 1, "foot": 185},
            near_arm=(-92, -80),
            far_arm={"to": ("far_knee", -2, 8), "bend": -1},
        ),
        equipment=(_mat(-70, 75),),
        marks=(_arrow(("pelvis", -6, 0), ("pelvis", 6, 0), 0.0),),
    ),
    Figure(
        key="lift-off",
        title="Lift-off: lying face down, forehead on the hands, one straight leg lifted a little",
        start_text="Start: lying face down, forehead resting on the hands, legs long.",
        end_text="End: one straight leg lifted a few centimetres off the mat.",
        start=_pose(
            at=(0, LIE),
            torso=180,
            head=185,
            face=-90,
            near_leg=(0, 0, -10),
            far_leg=(0, 0, -10),
            near_arm=(170, -20),
            far_arm=(172, -22),
        )
        | {
            "near_arm": {"to": ("head", -18, -6), "bend": -1},
            "far_arm": {"to": ("head", -18, -6), "bend": -1},
        },
        end=_pose(
            at=(0, LIE),
            torso=180,
            head=185,
            face=-90,
            near_leg=(10, 10, 0),
            far_leg=(0, 0, -10),
            near_arm={"to": ("head", -18, -6), "bend": -1},
            far_arm={"to": ("head", -18, -6), "bend": -1},
        ),
        equipment=(_mat(-95, 110),),
        marks=(_arrow(("near_ankle", 8, 2), ("near_ankle", 8, 4), 0.0),),
    ),
    Figure(
        key="hip-holds",
        title="Hip holds: lying on the back, knees bent, gently squeezing one buttock",
        start_text="Start: lying on the back, knees bent, feet flat, relaxed.",
        end_text="End: the same position, one buttock gently squeezed and held.",
        start=_hook_lying(),
        end=_hook_lying(),
        equipment=(_mat(-85, 75),),
        marks=({"kind": "glow", "at": ("pelvis", 2, -2), "r": 11},),
    ),
    Figure(
        key="clamshell",
        title="Clamshell: lying on the side, knees bent in front, feet together, top knee opening",
        start_text="Start: lying on the side, seen from above, knees bent in front and stacked.",
        end_text="End: the top knee lifted like an opening shell, feet still together.",
        start=_side_lying_from_above(top={"to": (60, 37), "bend": -1}),
        end=_side_lying_from_above(top={"to": (60, 37), "bend": 1}, top_thigh=0.85),
        equipment=(_mat(-115, 80) | {"depth": 44},),
        marks=(_arrow(("near_knee", 6, -4), ("near_knee", 8, 2), -0.4),),
        floor=False,
    ),
    Figure(
        key="heel-slides",
        title="Heel slides: lying on the back, one heel sliding away along the floor and back",
        start_text="Start: lying on the back, knees bent, heels on the floor.",
        end_text="End: one heel slid away until the leg is almost straight.",
        start=_hook_lying(),
        end=_hook_lying(near_leg={"to": (82, MAT + ANKLE), "bend": 1, "foot": 40}),
        equipment=(_mat(-85, 105),),
        marks=(_arrow(("near_ankle", -4, -2), ("near_ankle", 4, -2), 0.0),),
    ),
    Figure(
        key="seated-thigh-pulses",
        title="Thigh pulses: sitting with one leg straight, thigh tight, lifting it a little",
        start_text="Start: sitting tall, one leg straight out in front, heel on the floor.",
        end_text="End: the straight leg lifted a few centimetres with the thigh tight.",
        start=_seated(near_leg={"to": (71, ANKLE + 3), "bend": 1, "foot": 70}),
        end=_seated(near_leg=(-24, -24, 70)),
        equipment=(_chair(-16),),
        marks=(_arrow(("near_ankle", 10, -6), ("near_ankle", 10, 0), 0.0),),
    ),
    Figure(
        key="bird-dog",
        title="Bird dog: on hands and knees, one arm reaching forward and the opposite leg back",
        start_text="Start: on hands and knees, hands under shoulders, knees under hips.",
        end_text="End: one arm reaching forward and the opposite leg back, level with the body.",
        start=_pose(
            at=(-20, MAT + 49),
            torso=12,
            head=20,
            face=-60,
            near_leg=(-90, 180, 185),
            far_leg=(-90, 180, 185),
            near_arm=(-90, -90),
            far_arm=(-90, -90),
        ),
        end=_pose(
            at=(-20, MAT + 49),
            torso=12,
            head=20,
            face=-40,
            near_leg=(183, 183, 190),
            far_leg=(-90, 180, 185),
            near_arm=(-90, -90),
            far_arm=(10, 10),
        ),
        equipment=(_mat(-110, 65),),
    ),
    Figure(
        key="bridge",
        title="Bridge: lying on the back, knees bent, lifting the hips into a line",
        start_text="Start: lying on the back, knees bent, feet flat and hip-width apart.",
        end_text="End: hips lifted until knees, hips and shoulders are in one line.",
        start=_hook_lying(feet=48),
        end=_hook_lying(feet=48, at=(-8, LIE + 26), torso=208, head=182),
        equipment=(_mat(-85, 75),),
        marks=(_arrow(("pelvis", -16, -2), ("pelvis", -10, -14), 0.0),),
    ),
    Figure(
        key="bridge-feet-out",
        title="Bridge with the feet further out: knees only slightly bent, hips lifted",
        start_text="Start: lying on the back, feet flat a step further from the hips than usual.",
        end_text="End: hips lifted with the feet far out, the back of the thighs working.",
        start=_hook_lying(feet=70),
        end=_hook_lying(feet=70, at=(-8, LIE + 24), torso=207, head=182),
        equipment=(_mat(-85, 100),),
        marks=(_arrow(("pelvis", -16, -2), ("pelvis", -10, -14), 0.0),),
    ),
    Figure(
        key="side-lying-abduction-band",
        title="Side-lying leg lift with a band above the knees: top leg straight, lifted sideways",
        start_text="Start: lying on the side, seen from the front, band round the knees.",
        end_text="End: the straight top leg lifted to hip height against the band.",
        start=_pose(
            at=(0, LIE + 9),
            torso=180,
            head=180,
            face=90,
            gap=(0, 18),
            shoulder_gap=(0, 20),
            far_leg=(0, 0, -90),
            near_leg=(-5, -5, -90),
            scale={"foot": 0.6},
            far_arm=(180, 180),
            near_arm={"to": ("shoulders", 14, -16), "bend": 1},
        ),
        end=_pose(
            at=(0, LIE + 9),
            torso=180,
            head=180,
            face=90,
            gap=(0, 18),
            shoulder_gap=(0, 20),
            far_leg=(0, 0, -90),
            near_leg=(28, 28, -62),
            scale={"foot": 0.6},
            far_arm=(180, 180),
            near_arm={"to": ("shoulders", 14, -16), "bend": 1},
        ),
        equipment=(
            _mat(-95, 110),
            {"kind": "band", "points": [("near_knee", -8, -2), ("far_knee", -8, 2)], "front": True},
        ),
        marks=(_arrow(("near_ankle", 0, 8), ("near_ankle", 0, 8), 0.0),),
    ),
    Figure(
        key="standing-hamstring-curl",
        title="Standing hamstring curl: holding a chair back, one heel drawn up behind",
        start_text="Start: standing tall, one hand on a chair back, band round the ankles.",
        end_text="End: one knee bent, the heel drawn up towards the buttock.",
        start=_standing(near_arm={"to": (40, SEAT + 45), "bend": -1}),
        end=_standing(
            near_leg=(-95, 160, -100),
            near_arm={"to": (40, SEAT + 45), "bend": -1},
        ),
        equipment=(
            _chair(42, facing="right"),
            {"kind": "band", "points": [("near_ankle", 0, 0), ("far_ankle", 0, 0)], "front": True},
        ),
        marks=(_arrow(("near_ankle", -14, -20), ("near_ankle", -14, -2), -0.3),),
    ),
    Figure(
        key="seated-band-hamstring-pull",
        title="Seated band hamstring pull: band fixed in front, heel pulled back under the chair",
        start_text="Start: sitting, leg out, a band from a fixed point in front round the ankle.",
        end_text="End: the heel pulled back under the chair against the band.",
        start=_seated(near_leg={"to": (74, ANKLE + 8), "bend": 1, "foot": 70}),
        end=_seated(near_leg={"to": (10, ANKLE + 4), "bend": 1, "foot": 30}),
        equipment=(
            _chair(-16),
            {"kind": "post", "x": 130, "h": 40},
            {"kind": "band", "points": [("near_ankle", 0, 0), (127, 14)], "front": True},
        ),
        marks=(_arrow(("near_ankle", 4, -6), ("near_ankle", 4, -6), 0.0),),
    ),
    Figure(
        key="seated-band-leg-extension",
        title="Seated band leg extension: band from behind the chair leg, knee straightening",
        start_text="Start: sitting, knee bent, a band from behind the chair leg round the ankle.",
        end_text="End: the knee straightened against the band.",
        start=_seated(near_leg={"to": (36, ANKLE + 6), "bend": 1, "foot": 10}),
        end=_seated(near_leg=(-2, 2, 80)),
        equipment=(
            _chair(-16),
            {"kind": "band", "points": [("near_ankle", 0, 0), (26, 3)], "front": True},
        ),
        marks=(_arrow(("near_ankle", 10, -10), ("near_ankle", 4, -10), -0.3),),
    ),
    Figure(
        key="parallel-squat",
        title="Parallel squat to a chair: hips back and down until touching the seat",
        start_text="Start: standing, feet hip-width apart, a chair behind.",
        end_text="End: hips sent back and down until they touch the chair, arms forward.",
        start=_standing(x=0),
        end=_standing(
            at=(-20, SIT + 2),
            torso=58,
            head=70,
            near_leg={"to": (2, ANKLE), "bend": 1},
            far_leg={"to": (-2, ANKLE), "bend": 1},
            near_arm=(5, 5),
            far_arm=(8, 8),
        ),
        equipment=(_chair(-58, facing="right"),),
        marks=(_arrow(("pelvis", -12, 4), ("pelvis", -12, 4), -0.3),),
    ),
]

BY_KEY = {figure.key: figure for figure in FIGURES}
CHOICES = [(figure.key, figure.title.split(":")[0]) for figure in FIGURES]
