"""Layout of the SOP flow diagram: one swim lane per actor, one box per step, arrows between.

This module only computes coordinates and wrapped lines from sop.yaml and registri.yaml; the
SVG markup is in templates/sop_diagram.svg.j2. Drawn at build time: no diagram library, no CDN.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from registri.config import Office
from registri.site import fmt
from registri.sop import Sop

LANE = 250          # lane width
HEADER = 64         # lane header height
BOX = 206           # box width
LINE = 15           # text line height
GAP = 34            # vertical gap between boxes
TERMINAL = 30       # start/end pill height
WRAP = 31           # characters a line in a box


@dataclass(frozen=True)
class Lane:
    x: int
    title: str
    people: tuple[str, ...]


@dataclass(frozen=True)
class Box:
    number: int
    x: int
    y: int
    height: int
    lines: tuple[str, ...]
    time: str
    status: str


@dataclass(frozen=True)
class Arrow:
    path: str           # SVG path data


@dataclass(frozen=True)
class Terminal:
    x: int
    y: int
    text: str


@dataclass(frozen=True)
class Diagram:
    width: int
    height: int
    lanes: tuple[Lane, ...]
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]
    start: Terminal
    end: Terminal
    box_width: int = BOX
    lane_width: int = LANE
    header: int = HEADER


def _people(office: Office, role: str) -> tuple[str, ...]:
    return tuple(p.name for p in office.staff if p.has_role(role))


def _connect(x1: int, y1: int, x2: int, y2: int) -> str:
    """Straight down within a lane; down, across and down between lanes."""
    if x1 == x2:
        return f"M{x1},{y1} V{y2}"
    middle = (y1 + y2) // 2
    return f"M{x1},{y1} V{middle} H{x2} V{y2}"


def layout(sop: Sop, office: Office) -> Diagram:
    roles = list(dict.fromkeys(role for step in sop.steps for role in step.roles))
    lanes = tuple(Lane(i * LANE, sop.role_names.get(role, role), _people(office, role)) for i, role in enumerate(roles))
    center = lambda lane_index: lane_index * LANE + LANE // 2  # noqa: E731 - tiny geometry helper
    y = HEADER + 16
    first_lane = roles.index(sop.steps[0].roles[0])
    start = Terminal(center(first_lane), y, "Mulai")
    y += TERMINAL + GAP
    boxes = []
    for step in sop.steps:
        lane = roles.index(step.roles[0])
        lines = tuple(textwrap.wrap(step.activity, WRAP))
        others = [sop.role_names.get(r, r) for r in step.roles[1:]]
        if others:
            lines += (f"(atau {', '.join(others)})",)
        height = 30 + LINE * len(lines) + 30
        status = fmt.status_label(step.status) if step.status else "Diterima (merge ke main)"
        boxes.append(Box(step.number, center(lane) - BOX // 2, y, height, lines, f"{step.minutes} menit", status))
        y += height + GAP
    last = boxes[-1]
    end = Terminal(last.x + BOX // 2, y, "Selesai")
    y += TERMINAL + 20
    arrows = [Arrow(_connect(start.x, start.y + TERMINAL, boxes[0].x + BOX // 2, boxes[0].y))]
    for above, below in zip(boxes, boxes[1:]):
        arrows.append(Arrow(_connect(above.x + BOX // 2, above.y + above.height, below.x + BOX // 2, below.y)))
    arrows.append(Arrow(_connect(last.x + BOX // 2, last.y + last.height, end.x, end.y)))
    return Diagram(width=LANE * len(lanes), height=y, lanes=lanes, boxes=tuple(boxes), arrows=tuple(arrows),
                   start=start, end=end)
