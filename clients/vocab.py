"""Shared clinical vocabularies (codes are stored; labels are shown).

Codes are stable identifiers used across apps: the program suggestions rule
table in ``programs`` keys on ``FINDING_CODES``; the portal check-in asks
``RED_FLAG_QUESTIONS`` in plain words.
"""

# Muscle imbalances and movement faults a practitioner can tick.
MUSCLE_FINDINGS = [
    ("weak_glute_med", "Weak gluteus medius"),
    ("weak_glute_max", "Weak gluteus maximus"),
    ("tight_piriformis", "Tight or overactive piriformis"),
    ("overactive_quads", "Overactive quadriceps"),
    ("weak_hamstrings", "Weak hamstrings"),
    ("tight_hamstrings", "Tight hamstrings"),
    ("weak_multifidus", "Weak multifidus"),
    ("tight_hip_flexors", "Tight hip flexors"),
    ("weak_core", "Weak deep core"),
    ("tight_calves", "Tight calves / limited ankle dorsiflexion"),
    ("stiff_thoracic", "Stiff thoracic spine"),
    ("hip_drop_single_leg", "Hip drop in single-leg stance"),
    ("knee_valgus_squat", "Knee caves in (valgus) in squat"),
]

# Codes derived from hip-disparity findings, usable in suggestion rules.
HIP_FINDINGS = [
    ("elevated_hip", "Elevated hip (lateral pelvic tilt)"),
    ("pelvic_rotation", "Pelvic rotation"),
    ("anterior_pelvic_tilt", "Anterior pelvic tilt"),
    ("posterior_pelvic_tilt", "Posterior pelvic tilt"),
    ("leg_length_difference", "Leg-length difference"),
    ("femur_forward", "Femur forward in the hip socket"),
    ("si_joint", "Sacrum / SI-joint finding"),
]

# Symptom-derived codes.
SYMPTOM_FINDINGS = [
    ("sciatic_leg_pain", "Pain down the back of the leg"),
    ("sitting_intolerance", "Worse with sitting"),
]

FINDING_CODES = dict(MUSCLE_FINDINGS + HIP_FINDINGS + SYMPTOM_FINDINGS)

# Red-flag screen: any "yes" means stop exercise and refer to a physician.
# (code, question as the practitioner asks it, the same in plain words for clients)
RED_FLAG_QUESTIONS = [
    (
        "saddle_numbness",
        "Numbness or tingling in the saddle area (groin, buttocks, inner thighs)?",
        "Numbness or tingling between your legs or around your bottom?",
    ),
    (
        "bladder_bowel",
        "New bladder or bowel changes (retention, incontinence, loss of control)?",
        "Any new trouble controlling, starting or feeling your bladder or bowels?",
    ),
    (
        "progressive_weakness",
        "Progressive weakness in one or both legs?",
        "Is a leg getting weaker, or does your foot drag or give way?",
    ),
    (
        "upper_body_numbness",
        "Numbness or tingling in the face, head, jaw or down the arms?",
        "Numbness or tingling in your face, head, jaw or down your arms?",
    ),
    (
        "nausea_exercise",
        "Upset stomach or nausea during exercise?",
        "Did you feel sick to your stomach while exercising?",
    ),
    (
        "systemic",
        "Unexplained weight loss, fever, or a history of cancer?",
        "Have you lost weight without trying, had a fever, or ever had cancer?",
    ),
    (
        "trauma",
        "Recent significant trauma (fall, accident)?",
        "Have you recently had a bad fall or an accident?",
    ),
]
RED_FLAG_LABELS = {code: question for code, question, _plain in RED_FLAG_QUESTIONS}

# What a client reported, in a few plain words for the practitioner's alert ("numbness
# in the saddle area — reported Tue 1 Dec, 08:14"): not the question, not a diagnosis.
RED_FLAG_SUMMARIES = {
    "saddle_numbness": "numbness in the saddle area",
    "bladder_bowel": "a new bladder or bowel change",
    "progressive_weakness": "leg weakness getting worse",
    "upper_body_numbness": "numbness in the face, head, jaw or arms",
    "nausea_exercise": "feeling sick during exercise",
    "systemic": "weight loss, fever or a history of cancer",
    "trauma": "a recent fall or accident",
}
# The questions every portal check-in asks, whatever the pain did.
CHECK_IN_RED_FLAGS = (
    "saddle_numbness",
    "bladder_bowel",
    "progressive_weakness",
    "upper_body_numbness",
    "nausea_exercise",
)
# The three signs of a squeezed cauda equina: the portal asks them at least weekly.
CAUDA_EQUINA_RED_FLAGS = ("saddle_numbness", "bladder_bowel", "progressive_weakness")
RED_FLAG_PLAIN = {code: plain for code, _question, plain in RED_FLAG_QUESTIONS}

SIDES = [
    ("left", "Left"),
    ("right", "Right"),
    ("both", "Both"),
    ("na", "Not applicable"),
]

# Posture analysis: region -> findings a practitioner can pick (plus free text).
POSTURE_REGIONS = [
    (
        "head_neck",
        "Head and neck",
        [
            ("forward_head", "Head forward of the shoulders"),
            ("head_tilt", "Head tilted to one side"),
            ("head_rotation", "Head turned to one side"),
        ],
    ),
    (
        "shoulders",
        "Shoulders",
        [
            ("rounded", "Rounded forward"),
            ("one_higher", "One shoulder higher"),
            ("winging", "Shoulder blade lifts away (winging)"),
        ],
    ),
    (
        "thoracic",
        "Thoracic spine",
        [
            ("increased_kyphosis", "Increased upper-back curve"),
            ("flat_thoracic", "Flattened upper back"),
            ("lateral_curve", "Sideways curve"),
        ],
    ),
    (
        "lumbar",
        "Lumbar spine",
        [
            ("increased_lordosis", "Increased low-back curve"),
            ("flat_lumbar", "Flattened low back"),
            ("lateral_shift", "Trunk shifted to one side"),
        ],
    ),
    (
        "pelvis",
        "Pelvis",
        [
            ("anterior_tilt", "Tipped forward (anterior tilt)"),
            ("posterior_tilt", "Tucked under (posterior tilt)"),
            ("lateral_tilt", "One side higher"),
            ("rotated", "One side forward"),
        ],
    ),
    (
        "hips",
        "Hips",
        [
            ("internal_rotation", "Turned in"),
            ("external_rotation", "Turned out"),
            ("flexed", "Held bent (flexed)"),
        ],
    ),
    (
        "knees",
        "Knees",
        [
            ("valgus", "Knees drift inwards"),
            ("varus", "Knees bow outwards"),
            ("hyperextended", "Locked back (hyperextended)"),
        ],
    ),
    (
        "feet",
        "Feet",
        [
            ("flat", "Arches dropped (pronated)"),
            ("high_arch", "High arches (supinated)"),
            ("turned_out", "Feet turned out"),
        ],
    ),
]
POSTURE_NO_FINDING = ("none", "Nothing notable")

SYMPTOM_KINDS = [
    ("shooting", "Sharp or shooting"),
    ("dull_ache", "Dull ache"),
    ("burning", "Burning"),
    ("numbness", "Numbness"),
    ("tingling", "Tingling"),
    ("electric", "Electric or buzzing"),
]

AGGRAVATING_FACTORS = [
    ("sitting", "Sitting"),
    ("sit_to_stand", "Getting up from sitting"),
    ("morning", "First thing in the morning"),
    ("standing", "Standing"),
    ("walking", "Walking"),
    ("bending", "Bending"),
]
