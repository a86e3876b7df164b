"""Figure and table helpers for the report notebooks.

One look everywhere: a colour-blind-safe palette, outlets always in the same (sorted) order and the
same colour, labelled axes, and every figure saved as PNG and SVG with deterministic bytes. Outlet
names are data, so they are HTML-escaped before display and never parsed as mathtext by matplotlib.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

PALETTE = "colorblind"
DIVERGING = "vlag"
SEQUENTIAL = "mako_r"
FIG_WIDTH = 8.0

_RC = {
    "svg.hashsalt": "framing-toolkit",  # stable SVG element ids
    "svg.fonttype": "none",
    "text.parse_math": False,  # a "$" in an outlet name is a dollar sign, not mathtext
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "axes.titlesize": 12,
    "axes.labelsize": 11,
}


def setup() -> None:
    """Apply the report style (seaborn whitegrid, colour-blind palette, deterministic SVG)."""
    sns.set_theme(style="whitegrid", palette=PALETTE, rc=_RC)


def outlet_order(outlets: Iterable[object]) -> list[str]:
    """Outlets in the order every figure and table uses: distinct, sorted, as strings."""
    return sorted({str(o) for o in outlets if pd.notna(o)})


def outlet_palette(outlets: Iterable[object]) -> dict[str, tuple[float, float, float]]:
    """Map each outlet to its colour; the same outlets always get the same colours."""
    order = outlet_order(outlets)
    colours = sns.color_palette(PALETTE, n_colors=max(len(order), 1))
    return dict(zip(order, colours, strict=False))


def save(fig: plt.Figure, figures_dir: Path | str | None, name: str) -> list[Path]:
    """Save ``fig`` as ``name.png`` and ``name.svg`` in ``figures_dir`` (created if missing).

    Metadata that changes between runs (dates, software strings) is left out, so the same analysis
    gives the same files. Returns the written paths; with no ``figures_dir`` nothing is written.
    """
    if figures_dir is None or str(figures_dir) == "":
        return []
    out = Path(figures_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for ext, metadata in (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None})):
        path = out / f"{name}.{ext}"
        tmp = path.with_name(f".{path.name}.tmp")
        fig.savefig(tmp, format=ext, metadata=metadata)
        os.replace(tmp, path)
        written.append(path)
    return written


def _figure(n_rows: int, *, min_height: float = 2.5, per_row: float = 0.35) -> tuple[plt.Figure, plt.Axes]:
    height = min(max(min_height, per_row * n_rows + 1.2), 14)
    return plt.subplots(figsize=(FIG_WIDTH, height))


def _label(ax: plt.Axes, title: str, xlabel: str, ylabel: str) -> None:
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)


def barh(
    data: pd.DataFrame, *, x: str, y: str, title: str, xlabel: str, ylabel: str,
    hue: str | None = None, palette: dict | None = None, color: object = None,
) -> plt.Figure | None:
    """Horizontal bars of ``x`` per ``y`` (rows in the given order), optionally split by ``hue``; None if empty."""
    if data is None or data.empty:
        return None
    fig, ax = _figure(data[y].nunique() * (1 if hue is None else max(data[hue].nunique(), 1)) ** 0.5)
    sns.barplot(data=data, x=x, y=y, hue=hue, palette=palette if hue else None, color=color,
                orient="h", ax=ax, errorbar=None)
    _label(ax, title, xlabel, ylabel)
    if hue is not None and ax.get_legend() is not None:
        sns.move_legend(ax, "lower right", title=None, frameon=True)
    fig.tight_layout()
    return fig


def heatmap(
    data: pd.DataFrame, *, index: str, columns: str, values: str, title: str, xlabel: str, ylabel: str,
    fmt: str = ".2g", cmap: str = SEQUENTIAL, center: float | None = None,
    row_order: list | None = None, col_order: list | None = None,
) -> plt.Figure | None:
    """Heat map of ``values`` for ``index`` × ``columns``; empty cells stay blank, not zero."""
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
    fig, ax = plt.subplots(figsize=(max(FIG_WIDTH, 0.9 * grid.shape[1] + 3), min(0.4 * grid.shape[0] + 2, 16)))
    sns.heatmap(grid, annot=grid.size <= 300, fmt=fmt, cmap=cmap, center=center, linewidths=0.5, ax=ax,
                cbar_kws={"label": values.replace("_", " ")})
    _label(ax, title, xlabel, ylabel)
    ax.tick_params(axis="x", labelrotation=30)
    plt.setp(ax.get_xticklabels(), ha="right")
    fig.tight_layout()
    return fig


def stacked(
    data: pd.DataFrame, *, index: str, columns: str, values: str, title: str, xlabel: str, ylabel: str,
    row_order: list | None = None,
) -> plt.Figure | None:
    """Stacked horizontal bars: each ``index`` row split into its ``columns`` shares."""
    if data is None or data.empty:
        return None
    grid = data.pivot_table(index=index, columns=columns, values=values, aggfunc="sum", fill_value=0)
    if row_order is not None:
        grid = grid.reindex([r for r in row_order if r in grid.index])
    fig, ax = _figure(len(grid))
    colours = sns.color_palette(PALETTE, n_colors=max(grid.shape[1], 1))
    grid.plot.barh(stacked=True, ax=ax, color=colours, width=0.7)
    ax.invert_yaxis()
    _label(ax, title, xlabel, ylabel)
    ax.legend(title=columns.replace("_", " "), bbox_to_anchor=(1.01, 1), loc="upper left", frameon=False)
    fig.tight_layout()
    return fig


def intervals(
    data: pd.DataFrame, *, y: str, mean: str = "mean", low: str = "ci_low", high: str = "ci_high",
    title: str, xlabel: str, ylabel: str, hue: str | None = None, palette: dict | None = None,
) -> plt.Figure | None:
    """Point estimates with confidence intervals, one line per ``y`` (and ``hue``) group."""
    if data is None or data.empty:
        return None
    rows = data.reset_index(drop=True)
    labels = list(dict.fromkeys(rows[y].astype(str)))
    groups = [None] if hue is None else list(dict.fromkeys(rows[hue].astype(str)))
    fig, ax = _figure(len(labels) * max(len(groups), 1) ** 0.5)
    colours = palette or dict(zip(groups, sns.color_palette(PALETTE, n_colors=len(groups)), strict=False))
    step = 0.7 / max(len(groups), 1)
    for k, group in enumerate(groups):
        part = rows if group is None else rows[rows[hue].astype(str) == group]
        pos = [labels.index(str(v)) + (k - (len(groups) - 1) / 2) * step for v in part[y]]
        err = [(part[mean] - part[low]).clip(lower=0), (part[high] - part[mean]).clip(lower=0)]
        ax.errorbar(part[mean], pos, xerr=err, fmt="o", capsize=3, label=group,
                    color=colours.get(group) if group is not None else None)
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    _label(ax, title, xlabel, ylabel)
    if hue is not None:
        ax.legend(title=hue.replace("_", " "), loc="best")
    fig.tight_layout()
    return fig


def show(fig: plt.Figure | None, figures_dir: Path | str | None, name: str, *, empty: str = "No data.") -> None:
    """Save ``fig`` (PNG + SVG) and display it once in the notebook, then free it.

    The plotting helpers return None for an empty table; then ``empty`` is shown instead.
    """
    from IPython.display import display

    if fig is None:
        note(empty)
        return
    save(fig, figures_dir, name)
    display(fig)
    plt.close(fig)


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
    shown = data.head(max_rows)
    markup = shown.to_html(index=False, escape=True, na_rep="", float_format=lambda v: f"{v:.3g}",
                           classes="dataframe", border=0)
    if len(data) > max_rows:
        markup += f"<p><em>{max_rows} of {len(data)} rows shown.</em></p>"
    display(HTML(markup))
