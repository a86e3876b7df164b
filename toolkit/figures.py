"""Figure and table helpers for the report notebooks.

One look everywhere: a colour-blind-safe palette, outlets always in the same (sorted) order and the
same colour, labelled axes, and every figure saved as PNG and SVG with deterministic bytes. Outlet
names are data, so they are HTML-escaped before display and never parsed as mathtext. Plain
matplotlib (no seaborn): each report notebook runs in a fresh kernel, and seaborn's import of
scipy.stats would be most of that kernel's start-up time. Figures are made outside pyplot, each on
its own Agg canvas: no backend to choose, no figure manager, freed when the notebook drops them.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from toolkit.slug import atomic_write

# seaborn's "colorblind" palette (Okabe-Ito based): distinguishable with the common colour-vision deficiencies
PALETTE = ("#0173b2", "#de8f05", "#029e73", "#d55e00", "#cc78bc",
           "#ca9161", "#fbafe4", "#949494", "#ece133", "#56b4e9")
DIVERGING = "RdBu_r"  # tone: blue negative, red positive, white at 0
SEQUENTIAL = "cividis"  # shares and scores: designed for colour-vision deficiencies
FIG_WIDTH = 8.0
PNG_WIDTH = 720  # pixels the notebook shows a figure at

_RC = {
    "axes.prop_cycle": cycler(color=PALETTE),
    "axes.grid": True,
    "axes.axisbelow": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "grid.color": "#dddddd",
    "svg.hashsalt": "framing-toolkit",  # stable SVG element ids
    "svg.fonttype": "none",
    "text.parse_math": False,  # a "$" in an outlet name is a dollar sign, not mathtext
    "figure.dpi": 100,
    "savefig.dpi": 100,  # layout is fixed by tight_layout, so no second "tight bbox" render per save
    "axes.titlesize": 12,
    "axes.labelsize": 11,
}


def setup() -> None:
    """Apply the report style (light grid, colour-blind palette, deterministic SVG)."""
    matplotlib.rcParams.update(_RC)


def outlet_order(outlets: Iterable[object]) -> list[str]:
    """Outlets in the order every figure and table uses: distinct, sorted, as strings."""
    return sorted({str(o) for o in outlets if pd.notna(o)})


def outlet_palette(outlets: Iterable[object]) -> dict[str, str]:
    """Map each outlet to its colour; the same outlets always get the same colours."""
    order = outlet_order(outlets)
    return {outlet: PALETTE[i % len(PALETTE)] for i, outlet in enumerate(order)}


def _figure(n_rows: float, *, width: float = FIG_WIDTH) -> tuple[Figure, Axes]:
    height = min(max(2.5, 0.35 * n_rows + 1.2), 14)
    return _subplots((width, height))


def _subplots(figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    """A figure with one axes on an Agg canvas (as ``plt.subplots`` with the Agg backend, minus pyplot)."""
    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    return fig, fig.subplots()


def _tight(fig: Figure) -> None:
    """Lay the figure out once (``tight_layout``), then drop its layout engine.

    ``tight_layout`` leaves a placeholder engine behind, and any engine makes every ``savefig``
    draw the whole figure once more (without rendering) before the real draw; the layout is fixed
    by then, so that draw changes nothing but costs a third of each save.
    """
    fig.tight_layout()
    fig.set_layout_engine(None)


def _label(ax: Axes, title: str, xlabel: str, ylabel: str) -> None:
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)


def _legend(ax: Axes, title: str) -> None:
    ax.legend(title=title, bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False)


def barh(
    data: pd.DataFrame, *, x: str, y: str, title: str, xlabel: str, ylabel: str,
    hue: str | None = None, color: str | dict[str, str] | None = None,
) -> Figure | None:
    """Horizontal bars of ``x`` per ``y`` (top to bottom in row order), split by ``hue``; None if empty.

    ``color`` is one colour, or a mapping from ``y`` labels to colours (e.g. ``outlet_palette``).
    """
    if data is None or data.empty:
        return None
    labels = list(dict.fromkeys(data[y].astype(str)))
    groups = [None] if hue is None else list(dict.fromkeys(data[hue].astype(str)))
    # side by side only where a label has bars of several groups; otherwise colour alone tells them apart
    dodge = hue is not None and data.groupby(y)[hue].nunique().max() > 1
    fig, ax = _figure(len(labels) * (len(groups) ** 0.5 if dodge else 1))
    height = 0.8 / len(groups) if dodge else 0.8
    for k, group in enumerate(groups):
        part = data if group is None else data[data[hue].astype(str) == group]
        shift = (k - (len(groups) - 1) / 2) * height if dodge else 0.0
        pos = np.array([labels.index(v) for v in part[y].astype(str)]) + shift
        if group is not None:
            colours = PALETTE[k % len(PALETTE)]
        elif isinstance(color, dict):
            colours = [color.get(v, PALETTE[7]) for v in part[y].astype(str)]
        else:
            colours = color
        ax.barh(pos, part[x].astype(float), height=height, label=group, color=colours)
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    _label(ax, title, xlabel, ylabel)
    if hue is not None:
        _legend(ax, hue.replace("_", " "))
    _tight(fig)
    return fig


def heatmap(
    data: pd.DataFrame, *, index: str, columns: str, values: str, title: str, xlabel: str, ylabel: str,
    fmt: str = ".2g", cmap: str = SEQUENTIAL, center: float | None = None,
    row_order: list | None = None, col_order: list | None = None, annotate: bool = True,
) -> Figure | None:
    """Heat map of ``values`` for ``index`` × ``columns``; empty cells stay blank, not zero.

    Cells show their values (``annotate``) when there are at most 150 of them.
    """
    if data is None or data.empty:
        return None
    grid = data.pivot_table(index=index, columns=columns, values=values, aggfunc="sum", observed=True)
    if row_order is not None:
        grid = grid.reindex([r for r in row_order if r in grid.index])
    if col_order is not None:
        grid = grid.reindex(columns=[c for c in col_order if c in grid.columns])
    grid = grid.dropna(how="all").dropna(axis=1, how="all")
    if grid.empty:
        return None
    cells = grid.to_numpy(dtype=float)
    fig, ax = _subplots((max(FIG_WIDTH, 0.9 * grid.shape[1] + 3), min(0.4 * grid.shape[0] + 2.5, 16)))
    if center is None:
        vmin, vmax = np.nanmin(cells), np.nanmax(cells)
    else:
        reach = max(np.nanmax(np.abs(cells - center)), 1e-9)
        vmin, vmax = center - reach, center + reach
    image = ax.imshow(np.ma.masked_invalid(cells), cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
    fig.colorbar(image, ax=ax, label=values.replace("_", " "))
    if annotate and cells.size <= 150:
        for (i, j), value in np.ndenumerate(cells):
            if not np.isnan(value):
                red, green, blue, _ = image.cmap(image.norm(value))
                dark = 0.299 * red + 0.587 * green + 0.114 * blue < 0.5  # perceived luminance of the cell
                ax.text(j, i, format(value, fmt), ha="center", va="center", fontsize=9,
                        color="white" if dark else "black")
    ax.set_xticks(range(grid.shape[1]), [str(c) for c in grid.columns], rotation=30, ha="right")
    ax.set_yticks(range(grid.shape[0]), [str(r) for r in grid.index])
    ax.grid(False)
    _label(ax, title, xlabel, ylabel)
    _tight(fig)
    return fig


def stacked(
    data: pd.DataFrame, *, index: str, columns: str, values: str, title: str, xlabel: str, ylabel: str,
    row_order: list | None = None,
) -> Figure | None:
    """Stacked horizontal bars: each ``index`` row split into its ``columns`` shares; None if empty."""
    if data is None or data.empty:
        return None
    grid = data.pivot_table(index=index, columns=columns, values=values, aggfunc="sum", fill_value=0)
    if row_order is not None:
        grid = grid.reindex([r for r in row_order if r in grid.index])
    fig, ax = _figure(len(grid))
    left = np.zeros(len(grid))
    for k, column in enumerate(grid.columns):
        ax.barh(range(len(grid)), grid[column], left=left, height=0.7, label=str(column),
                color=PALETTE[k % len(PALETTE)])
        left += grid[column].to_numpy(dtype=float)
    ax.set_yticks(range(len(grid)), [str(r) for r in grid.index])
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    _label(ax, title, xlabel, ylabel)
    _legend(ax, columns.replace("_", " "))
    _tight(fig)
    return fig


def intervals(
    data: pd.DataFrame, *, y: str, mean: str = "mean", low: str = "ci_low", high: str = "ci_high",
    title: str, xlabel: str, ylabel: str, hue: str | None = None,
) -> Figure | None:
    """Point estimates with confidence intervals, one line per ``y`` (and ``hue``) group; None if empty."""
    if data is None or data.empty:
        return None
    rows = data.reset_index(drop=True)
    labels = list(dict.fromkeys(rows[y].astype(str)))
    groups = [None] if hue is None else list(dict.fromkeys(rows[hue].astype(str)))
    fig, ax = _figure(len(labels) * len(groups) ** 0.5)
    step = 0.7 / len(groups)
    for k, group in enumerate(groups):
        part = rows if group is None else rows[rows[hue].astype(str) == group]
        pos = [labels.index(str(v)) + (k - (len(groups) - 1) / 2) * step for v in part[y]]
        centre = part[mean].astype(float)
        err = np.vstack([(centre - part[low].astype(float)).clip(lower=0).fillna(0),
                         (part[high].astype(float) - centre).clip(lower=0).fillna(0)])
        ax.errorbar(centre, pos, xerr=err, fmt="o", capsize=3, label=group, color=PALETTE[k % len(PALETTE)])
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    _label(ax, title, xlabel, ylabel)
    if hue is not None:
        _legend(ax, hue.replace("_", " "))
    _tight(fig)
    return fig


def save(fig: Figure, figures_dir: Path | str | None, name: str) -> bytes:
    """Save ``fig`` as ``name.png`` and ``name.svg`` in ``figures_dir`` (created); returns the PNG bytes.

    Metadata that changes between runs (dates, software strings) is left out, so the same analysis
    gives the same files. With no ``figures_dir`` nothing is written (the PNG is still returned).
    """
    png = io.BytesIO()
    fig.savefig(png, format="png", metadata={"Software": None})
    if figures_dir is not None and str(figures_dir) != "":
        out = Path(figures_dir)
        atomic_write(out / f"{name}.png", png.getvalue())
        svg = io.BytesIO()
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
        atomic_write(out / f"{name}.svg", svg.getvalue())
    return png.getvalue()


def show(fig: Figure | None, figures_dir: Path | str | None, name: str, *, empty: str = "No data.") -> None:
    """Save ``fig`` (PNG + SVG) and display the saved PNG once.

    The plotting helpers return None for an empty table; then ``empty`` is shown instead.
    """
    from IPython.display import Image, display

    if fig is None:
        note(empty)
        return
    png = save(fig, figures_dir, name)
    display(Image(data=png, format="png", width=PNG_WIDTH))


def escape(value: object) -> str:
    """HTML-escape any value (outlet names, quotes) before it reaches markup."""
    return html.escape(str(value), quote=True)


def heading(text: object, *, level: int = 2) -> None:
    """Display an escaped heading: data never becomes markup."""
    from IPython.display import HTML, display

    display(HTML(f"<h{level}>{escape(text)}</h{level}>"))


def note(text: object) -> None:
    """Display an escaped one-line note (used where a table is empty)."""
    from IPython.display import HTML, display

    display(HTML(f"<p><em>{escape(text)}</em></p>"))


def table(data: pd.DataFrame, *, empty: str = "Nothing to show.", max_rows: int = 30) -> None:
    """Display a table as escaped HTML (no index), or a note when it is empty."""
    from IPython.display import HTML, display

    if data is None or data.empty:
        note(empty)
        return
    markup = data.head(max_rows).to_html(index=False, escape=True, na_rep="", border=0,
                                         float_format=lambda v: f"{v:.3g}")
    if len(data) > max_rows:
        markup += f"<p><em>{max_rows} of {len(data)} rows shown.</em></p>"
    display(HTML(markup))
