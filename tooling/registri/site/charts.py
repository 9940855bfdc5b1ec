"""Small bar charts drawn with matplotlib at build time and inlined as SVG.

The site needs no chart library and no network. Output is deterministic (fixed hash salt, no
date in the metadata, text kept as text), so the same register gives the same bytes. Labels
are codes and counts chosen by the site, never free text from a record.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

# matplotlib (about 0.5 s to import) is imported only when a chart is drawn: a build whose counts
# have not changed takes its charts from the build cache (pages.dashboard_block).
if TYPE_CHECKING:
    from matplotlib.figure import Figure

INK = "#37474f"
GRID = "#cfd8dc"
# Text metrics use matplotlib's bundled DejaVu Sans (no font lookup on the build machine); the
# site's stylesheet then shows chart text in the page's own font.
FONT = "DejaVu Sans"

# Strip what must not leak into the page: the XML prologue, the DOCTYPE, and matplotlib's global
# `*{...}` style rule (an inline SVG's <style> applies to the whole HTML document).
_PROLOGUE = re.compile(r"<\?xml[^>]*>\s*|<!DOCTYPE[^>]*>\s*", re.S)
_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_SIZE = re.compile(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"')


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int, ...]
    color: str


def _svg(figure: Figure, label: str, prefix: str) -> str:
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "registri", "svg.fonttype": "none", "svg.id": prefix}):
        FigureCanvasSVG(figure).print_svg(buffer, metadata={"Date": None, "Creator": None})
    svg = _METADATA.sub("", _STYLE.sub("", _PROLOGUE.sub("", buffer.getvalue())))
    # Ids are unique per chart, so two charts on one page never share a clip path by accident.
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r'url\(#([^)]+)\)', lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    svg = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{prefix}-{m.group(1)}"', svg)
    svg = _SIZE.sub(r'\1 class="registri-chart__svg"', svg, count=1)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    # One line: a blank line inside would end the raw HTML block in Markdown.
    return " ".join(line.strip() for line in svg.splitlines() if line.strip())


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=72)
    figure.patch.set_alpha(0)
    return figure


def _style(axes) -> None:
    axes.set_facecolor("none")
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set_color(GRID)
    axes.tick_params(colors=INK, labelsize=10, length=0)
    axes.set_axisbelow(True)
    for text in (*axes.get_xticklabels(), *axes.get_yticklabels()):
        text.set_fontfamily(FONT)


def horizontal_bars(labels: list[str], values: list[int], colors: list[str], label: str, prefix: str) -> str:
    """Counts per category, largest readable: one bar a line, the count at its end."""
    height = 0.45 + 0.34 * max(len(labels), 1)
    figure = _figure(4.6, height)
    axes = figure.add_axes((0.30, 0.04, 0.62, 0.92))
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, values, color=colors, height=0.62)
    axes.set_yticks(positions, labels)
    top = max(values or [0])
    axes.set_xlim(0, max(top * 1.18, 1))
    axes.xaxis.set_visible(False)
    for y, value in zip(positions, values):
        axes.text(value + max(top, 1) * 0.02, y, str(value), va="center", fontsize=10, color=INK, fontfamily=FONT)
    _style(axes)
    return _svg(figure, label, prefix)


def stacked_columns(labels: list[str], series: list[Series], label: str, prefix: str) -> str:
    """Counts per month, one stacked column a month, with a legend."""
    from matplotlib.ticker import MaxNLocator

    figure = _figure(6.4, 2.5)
    axes = figure.add_axes((0.06, 0.2, 0.92, 0.66))
    positions = list(range(len(labels)))
    bottom = [0] * len(labels)
    for item in series:
        axes.bar(positions, item.values, bottom=bottom, color=item.color, width=0.62, label=item.name)
        bottom = [b + v for b, v in zip(bottom, item.values)]
    axes.set_xticks(positions, labels)
    top = max(bottom or [0])
    axes.set_ylim(0, max(top * 1.15, 1))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
    axes.grid(axis="y", color=GRID, linewidth=0.6)
    legend = axes.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=len(series), frameon=False,
                         fontsize=10, handlelength=1.0, borderaxespad=0.2)
    for text in legend.get_texts():
        text.set_color(INK)
        text.set_fontfamily(FONT)
    _style(axes)
    axes.tick_params(axis="x", labelsize=9)
    return _svg(figure, label, prefix)
