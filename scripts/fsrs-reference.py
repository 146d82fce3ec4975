#!/usr/bin/env python3
"""Generate FSRS scheduling reference vectors from py-fsrs.

What it does
------------
Replays fixed rating sequences through py-fsrs's ``Scheduler.review_card``
(fuzzing disabled, so everything is deterministic) and writes the resulting
card state after every review to

    tests/fixtures/scheduler/py-fsrs-vectors.json

recall's scheduler tests replay the same sequences through the Rust code
(fsrs crate 6.6.2 + recall's step/interval policy) and compare.

How to run
----------
    python3 -m venv /tmp/fsrs-venv
    /tmp/fsrs-venv/bin/pip install 'fsrs==6.3.2'
    /tmp/fsrs-venv/bin/python scripts/fsrs-reference.py          # writes the file
    /tmp/fsrs-venv/bin/python scripts/fsrs-reference.py --check  # exit 1 if stale

Generated with py-fsrs 6.3.2 (FSRS-6, 21 parameters) on Python 3.11. The
script refuses to run with any other py-fsrs version unless --any-version is
given, because the vectors are pinned to that version's behaviour.

JSON schema (all times are integer seconds; no wall-clock dates)
----------------------------------------------------------------
{
  "generator": "scripts/fsrs-reference.py",
  "py_fsrs_version": "6.3.2",
  "parameters": [21 floats],          # py-fsrs DEFAULT_PARAMETERS; every case
                                      # uses these (== fsrs-rs DEFAULT_PARAMETERS)
  "cases": [
    {
      "name": "lapse/default_steps",  # unique, "<scenario>/<step config>"
      "description": "free text",
      "fsrs_rs_divergence": null,           # null, or text explaining rows
                                            # where fsrs-rs 6.6.2 next_states
                                            # is known NOT to reproduce
                                            # py-fsrs (see that case)
      "scheduler": {
        "desired_retention": 0.9,
        "learning_steps_secs": [60, 600],   # [] = steps off
        "relearning_steps_secs": [600],     # [] = steps off
        "maximum_interval_days": 36500,
        "enable_fuzzing": false             # always false
      },
      "reviews": [                          # chronological, one card
        {
          "offset_secs": 0,                 # review time, seconds after the
                                            # case's first review (first is 0)
          "rating": 3,                      # 1 Again, 2 Hard, 3 Good, 4 Easy
          "expected": {                     # card state AFTER this review
            "state": "learning",            # learning | review | relearning
                                            # (py-fsrs has no "new" state: a
                                            # new card is learning/step 0 with
                                            # no memory; never appears here)
            "step": 1,                      # int for learning/relearning, null
                                            # for review
            "stability": 2.3065,            # float64 from py-fsrs
            "difficulty": 2.118103970459016,
            "due_offset_secs": 600,         # due time, seconds after first review
            "interval_days": null,          # review state only: the whole-day
                                            # interval py-fsrs scheduled
                                            # (round(), >=1, <=maximum_interval)
            "interval_days_unrounded": null,# review state only: S-based
                                            # interval before rounding/clamping
            "elapsed_days": null,           # (review_time - last_review).days as
                                            # py-fsrs computed it (whole 24h
                                            # periods); null on the first review
            "memory_update": "initial"      # which formula py-fsrs used:
                                            # initial | short_term | long_term
          }
        }
      ]
    }
  ]
}

Review-time helpers used below (resolved to plain offsets in the JSON):
    ("first",)            the first review, offset 0
    ("due", +-delta)      the card's due time plus delta seconds (0 = on time)
    ("after", secs)       secs after the previous review
    ("half_interval_early",)  halfway between the previous review and due
    ("interval_times", k) previous review + k x (due - previous review)

Cross-check: replaying these vectors through fsrs-rs 6.6.2
FSRS::next_states(memory, desired_retention, elapsed_days) reproduces
stability/difficulty to <4e-6 relative error (f32 vs f64) and every
interval, except where py-fsrs stability exceeds fsrs-rs's S_MAX = 36500
(case "easy_chain_past_s_max", flagged in "fsrs_rs_divergence").
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

try:
    import fsrs
    from fsrs import Card, Rating, Scheduler, State
    from fsrs.scheduler import DEFAULT_PARAMETERS
except ImportError:  # pragma: no cover - guidance only
    sys.exit("py-fsrs is not installed: pip install 'fsrs==6.3.2'")

try:
    from importlib.metadata import version as _pkg_version

    PY_FSRS_VERSION = _pkg_version("fsrs")
except Exception:  # pragma: no cover
    PY_FSRS_VERSION = getattr(fsrs, "__version__", "unknown")

PINNED_VERSION = "6.3.2"
REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT = REPO_ROOT / "tests" / "fixtures" / "scheduler" / "py-fsrs-vectors.json"

# Fixed epoch for the replay; only offsets from it are written out.
BASE = datetime(2024, 1, 1, 12, 0, 0, tzinfo=timezone.utc)

MIN = 60
HOUR = 3600
DAY = 86400

DEFAULT_STEPS = {"learning": [1 * MIN, 10 * MIN], "relearning": [10 * MIN]}
NO_STEPS = {"learning": [], "relearning": []}
STEP_CONFIGS = {"default_steps": DEFAULT_STEPS, "no_steps": NO_STEPS}

STATE_NAMES = {
    State.Learning: "learning",
    State.Review: "review",
    State.Relearning: "relearning",
}

FIRST = ("first",)


def due(delta: int = 0) -> tuple:
    return ("due", delta)


def after(secs: int) -> tuple:
    return ("after", secs)


# --------------------------------------------------------------------------
# Scenarios. Each is (name, description, [(when, rating), ...], options).
# options: learning/relearning override the step config (then the scenario is
# emitted once, under its own name); "retention" overrides 0.9.
# --------------------------------------------------------------------------

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4

SCENARIOS_BOTH_STEP_CONFIGS = [
    (
        "new_again",
        "New card rated Again first, then Good at each due time.",
        [(FIRST, AGAIN), (due(), GOOD), (due(), GOOD), (due(), GOOD)],
        {},
    ),
    (
        "new_hard",
        "New card rated Hard first, then Good at each due time.",
        [(FIRST, HARD), (due(), GOOD), (due(), GOOD), (due(), GOOD)],
        {},
    ),
    (
        "new_good",
        "New card rated Good first, then Good at each due time.",
        [(FIRST, GOOD), (due(), GOOD), (due(), GOOD), (due(), GOOD)],
        {},
    ),
    (
        "new_easy",
        "New card rated Easy first, then Good at each due time.",
        [(FIRST, EASY), (due(), GOOD), (due(), GOOD)],
        {},
    ),
    (
        "same_day",
        "Several ratings minutes apart on the first day (learning and, once "
        "graduated, same-day review: short-term stability formula).",
        [
            (FIRST, GOOD),
            (after(2 * MIN), HARD),
            (after(5 * MIN), GOOD),
            (after(10 * MIN), GOOD),
            (after(15 * MIN), AGAIN),
            (after(20 * MIN), GOOD),
            (after(30 * MIN), EASY),
            (after(1 * HOUR), GOOD),
        ],
        {},
    ),
    (
        "long_gaps",
        "Graduate on time, then reviews 30, 100 and 400 days after the "
        "previous review.",
        [
            (FIRST, GOOD),
            (due(), GOOD),
            (due(), GOOD),
            (after(30 * DAY), GOOD),
            (after(100 * DAY), GOOD),
            (after(400 * DAY), GOOD),
        ],
        {},
    ),
    (
        "long_gaps_again",
        "Long gaps where the late reviews are failed.",
        [
            (FIRST, GOOD),
            (due(), GOOD),
            (after(100 * DAY), AGAIN),
            (due(), GOOD),
            (after(400 * DAY), AGAIN),
            (due(), HARD),
            (due(), GOOD),
        ],
        {},
    ),
    (
        "lapse",
        "Graduate, two on-time Goods, Again in review (relearning when "
        "relearning steps exist), then Good at each due time.",
        [
            (FIRST, GOOD),
            (due(), GOOD),
            (due(), GOOD),
            (due(), GOOD),
            (due(), AGAIN),
            (due(), GOOD),
            (due(), GOOD),
            (due(), GOOD),
        ],
        {},
    ),
    (
        "lapse_relearning_again_hard",
        "Lapse, then Again and Hard while relearning, then Good.",
        [
            (FIRST, GOOD),
            (due(), GOOD),
            (due(), GOOD),
            (due(), AGAIN),
            (due(), AGAIN),
            (due(), HARD),
            (due(), GOOD),
            (due(), GOOD),
        ],
        {},
    ),
    (
        "lapse_relearning_easy",
        "Lapse, then Easy while relearning.",
        [
            (FIRST, GOOD),
            (due(), GOOD),
            (due(), GOOD),
            (due(), AGAIN),
            (due(), EASY),
            (due(), GOOD),
        ],
        {},
    ),
    (
        "easy_chain",
        "Easy at every due time, up to an interval of ~65 years (stability "
        "stays below 36500).",
        [(FIRST, EASY)] + [(due(), EASY)] * 5,
        {},
    ),
    (
        "hard_chain",
        "Graduate, then Hard at every due time.",
        [(FIRST, GOOD), (due(), GOOD)] + [(due(), HARD)] * 7,
        {},
    ),
    (
        "hard_chain_from_new",
        "Hard from the very first review, at every due time (with default "
        "steps the card stays on step 0), then Good twice.",
        [(FIRST, HARD)] + [(due(), HARD)] * 4 + [(due(), GOOD), (due(), GOOD)],
        {},
    ),
    (
        "again_chain",
        "Again at every due time, then Good.",
        [(FIRST, AGAIN)] + [(due(), AGAIN)] * 4 + [(due(), GOOD)] * 3,
        {},
    ),
    (
        "early_review",
        "Review-state card reviewed before it is due: half the interval "
        "early, one day early, and earlier than one day after the last review.",
        [
            (FIRST, GOOD),
            (due(), GOOD),
            (due(), GOOD),
            (due(), GOOD),
            (("half_interval_early",), GOOD),
            (due(-DAY), GOOD),
            (after(6 * HOUR), GOOD),
            (due(), GOOD),
        ],
        {},
    ),
    (
        "late_review",
        "Review-state card reviewed after it is due: 1 day late, at 3x the "
        "scheduled interval after the last review, and a late Again.",
        [
            (FIRST, GOOD),
            (due(), GOOD),
            (due(), GOOD),
            (due(DAY), GOOD),
            (("interval_times", 3), GOOD),
            (due(10 * DAY), AGAIN),
            (due(2 * DAY), GOOD),
            (due(), GOOD),
        ],
        {},
    ),
    (
        "off_due_learning",
        "Learning-step reviews done late (next day, and days later) and "
        "early (before the step is due).",
        [
            (FIRST, AGAIN),
            (after(20), GOOD),
            (after(2 * DAY), AGAIN),
            (due(5 * DAY), GOOD),
            (due(), GOOD),
        ],
        {},
    ),
    (
        "mixed_retention_080",
        "A mixed sequence at desired_retention 0.8.",
        [
            (FIRST, GOOD),
            (due(), GOOD),
            (due(), HARD),
            (due(), GOOD),
            (due(), AGAIN),
            (due(), GOOD),
            (due(), EASY),
            (after(200 * DAY), GOOD),
        ],
        {"retention": 0.8},
    ),
]

S_MAX_NOTE = (
    "fsrs-rs 6.6.2 clamps stability to S_MAX = 36500 in every step "
    "(model.rs: new_s.clamp(S_MIN, S_MAX)); py-fsrs 6.3.2 has no upper "
    "bound, so from review #6 on py-fsrs stability exceeds 36500 while "
    "fsrs-rs reports exactly 36500. Difficulty, state, due and interval "
    "(capped at maximum_interval 36500) still agree."
)

SCENARIOS_CUSTOM_STEPS = [
    (
        "easy_chain_past_s_max",
        "Easy at every due time until stability passes 36500 days and the "
        "interval hits maximum_interval.",
        [(FIRST, EASY)] + [(due(), EASY)] * 9,
        {
            "learning": DEFAULT_STEPS["learning"],
            "relearning": DEFAULT_STEPS["relearning"],
            "divergence": S_MAX_NOTE,
        },
    ),
    (
        "hard_first_step/one_step",
        "learning_steps=[10m]: Hard on step 0 waits 1.5 x 10m = 15m.",
        [(FIRST, HARD), (due(), HARD), (due(), GOOD), (due(), GOOD)],
        {"learning": [10 * MIN], "relearning": [10 * MIN]},
    ),
    (
        "hard_first_step/two_steps",
        "learning_steps=[1m,10m]: Hard on step 0 waits (1m+10m)/2 = 5m30s; "
        "Hard on step 1 repeats the 10m step.",
        [
            (FIRST, HARD),
            (due(), HARD),
            (due(), GOOD),
            (due(), HARD),
            (due(), GOOD),
            (due(), GOOD),
        ],
        {"learning": [1 * MIN, 10 * MIN], "relearning": [10 * MIN]},
    ),
    (
        "hard_first_step/three_steps",
        "learning_steps=[1m,10m,1h]: Hard on step 0 -> 5m30s, Hard on "
        "step 1 -> 10m, Hard on step 2 -> 1h; Again resets to step 0.",
        [
            (FIRST, HARD),
            (due(), GOOD),
            (due(), HARD),
            (due(), GOOD),
            (due(), HARD),
            (due(), AGAIN),
            (due(), GOOD),
            (due(), GOOD),
            (due(), GOOD),
            (due(), GOOD),
        ],
        {"learning": [1 * MIN, 10 * MIN, 1 * HOUR], "relearning": [10 * MIN]},
    ),
    (
        "hard_first_step/long_single_step",
        "learning_steps=[1d]: py-fsrs Hard on step 0 is 1.5 x 1d = 36h "
        "(Anki would cap at step + 1 day and round to whole days).",
        [(FIRST, HARD), (due(), HARD), (due(), GOOD), (due(), GOOD)],
        {"learning": [1 * DAY], "relearning": [10 * MIN]},
    ),
    (
        "relearning_two_steps",
        "relearning_steps=[10m,1h]: lapse, Hard on relearning step 0 "
        "(35m), Good (step 1, 1h), Hard (1h), Good graduates.",
        [
            (FIRST, GOOD),
            (due(), GOOD),
            (due(), GOOD),
            (due(), AGAIN),
            (due(), HARD),
            (due(), GOOD),
            (due(), HARD),
            (due(), GOOD),
            (due(), GOOD),
        ],
        {"learning": [1 * MIN, 10 * MIN], "relearning": [10 * MIN, 1 * HOUR]},
    ),
    (
        "relearning_one_step_hard",
        "relearning_steps=[10m]: lapse, Hard on relearning step 0 waits "
        "1.5 x 10m = 15m.",
        [
            (FIRST, GOOD),
            (due(), GOOD),
            (due(), GOOD),
            (due(), AGAIN),
            (due(), HARD),
            (due(), GOOD),
        ],
        {"learning": [1 * MIN, 10 * MIN], "relearning": [10 * MIN]},
    ),
    (
        "learning_steps_only",
        "learning_steps=[1m,10m], relearning_steps=[]: a lapse stays in "
        "review state with an FSRS interval.",
        [
            (FIRST, GOOD),
            (due(), GOOD),
            (due(), GOOD),
            (due(), AGAIN),
            (due(), GOOD),
        ],
        {"learning": [1 * MIN, 10 * MIN], "relearning": []},
    ),
    (
        "relearning_steps_only",
        "learning_steps=[], relearning_steps=[10m]: new cards go straight "
        "to review, lapses relearn.",
        [
            (FIRST, AGAIN),
            (due(), GOOD),
            (due(), AGAIN),
            (due(), HARD),
            (due(), GOOD),
            (due(), GOOD),
        ],
        {"learning": [], "relearning": [10 * MIN]},
    ),
]


def resolve_time(when: tuple, card: Card, last_review: datetime | None) -> datetime:
    kind = when[0]
    if kind == "first":
        return BASE
    assert last_review is not None, "only the first review may use FIRST"
    if kind == "due":
        return card.due + timedelta(seconds=when[1])
    if kind == "after":
        return last_review + timedelta(seconds=when[1])
    interval = card.due - last_review
    if kind == "half_interval_early":
        return last_review + interval / 2
    if kind == "interval_times":
        return last_review + interval * when[1]
    raise ValueError(f"unknown review time {when!r}")


def offset(dt: datetime) -> int:
    secs = (dt - BASE).total_seconds()
    if secs != int(secs):
        raise ValueError(f"non-integer offset {secs}")
    return int(secs)


def unrounded_interval(scheduler: Scheduler, stability: float) -> float:
    # Same expression as Scheduler._next_interval before round()/clamp.
    decay = -scheduler.parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return (stability / factor) * ((scheduler.desired_retention ** (1 / decay)) - 1)


def memory_update_kind(card: Card, elapsed_days: int | None) -> str:
    if card.stability is None:
        return "initial"
    if elapsed_days is not None and elapsed_days < 1:
        return "short_term"
    return "long_term"


def run_case(name, description, reviews, learning, relearning, retention, divergence=None):
    scheduler = Scheduler(
        desired_retention=retention,
        learning_steps=[timedelta(seconds=s) for s in learning],
        relearning_steps=[timedelta(seconds=s) for s in relearning],
        maximum_interval=36500,
        enable_fuzzing=False,
    )
    card = Card(card_id=1, due=BASE)
    last_review = None
    out_reviews = []
    for when, rating in reviews:
        t = resolve_time(when, card, last_review)
        if last_review is not None and t < last_review:
            raise ValueError(f"{name}: review times must be chronological")
        elapsed = (t - card.last_review).days if card.last_review else None
        kind = memory_update_kind(card, elapsed)
        card, _log = scheduler.review_card(card, Rating(rating), review_datetime=t)
        is_review = card.state == State.Review
        interval_days = None
        interval_unrounded = None
        if is_review:
            delta = card.due - t
            if delta.seconds or delta.microseconds:
                raise AssertionError(f"{name}: review interval not whole days")
            interval_days = delta.days
            interval_unrounded = unrounded_interval(scheduler, card.stability)
        out_reviews.append(
            {
                "offset_secs": offset(t),
                "rating": rating,
                "expected": {
                    "state": STATE_NAMES[card.state],
                    "step": card.step,
                    "stability": card.stability,
                    "difficulty": card.difficulty,
                    "due_offset_secs": offset(card.due),
                    "interval_days": interval_days,
                    "interval_days_unrounded": interval_unrounded,
                    "elapsed_days": elapsed,
                    "memory_update": kind,
                },
            }
        )
        last_review = t
    return {
        "name": name,
        "description": description,
        "fsrs_rs_divergence": divergence,
        "scheduler": {
            "desired_retention": retention,
            "learning_steps_secs": list(learning),
            "relearning_steps_secs": list(relearning),
            "maximum_interval_days": 36500,
            "enable_fuzzing": False,
        },
        "reviews": out_reviews,
    }


def build() -> dict:
    cases = []
    for name, desc, reviews, opts in SCENARIOS_BOTH_STEP_CONFIGS:
        for config_name, steps in STEP_CONFIGS.items():
            cases.append(
                run_case(
                    f"{name}/{config_name}",
                    desc,
                    reviews,
                    steps["learning"],
                    steps["relearning"],
                    opts.get("retention", 0.9),
                )
            )
    for name, desc, reviews, opts in SCENARIOS_CUSTOM_STEPS:
        cases.append(
            run_case(
                name,
                desc,
                reviews,
                opts["learning"],
                opts["relearning"],
                opts.get("retention", 0.9),
                opts.get("divergence"),
            )
        )
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "duplicate case names"
    for case in cases:
        for review in case["reviews"]:
            for key in ("stability", "difficulty"):
                assert math.isfinite(review["expected"][key])
    return {
        "generator": "scripts/fsrs-reference.py",
        "py_fsrs_version": PY_FSRS_VERSION,
        "parameters": list(DEFAULT_PARAMETERS),
        "cases": cases,
    }


def render(data: dict) -> str:
    return json.dumps(data, indent=1) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="compare with the file on disk"
    )
    parser.add_argument(
        "--any-version", action="store_true", help="allow py-fsrs != 6.3.2"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()

    if PY_FSRS_VERSION != PINNED_VERSION and not args.any_version:
        print(
            f"py-fsrs {PY_FSRS_VERSION} found, vectors are pinned to "
            f"{PINNED_VERSION} (use --any-version to override)",
            file=sys.stderr,
        )
        return 2
    if len(DEFAULT_PARAMETERS) != 21:
        print("expected FSRS-6 (21 parameters)", file=sys.stderr)
        return 2

    text = render(build())
    if args.check:
        current = args.output.read_text() if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale; re-run without --check", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
