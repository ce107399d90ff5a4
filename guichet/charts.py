"""Server-side SVG bar charts (no JavaScript); each chart comes with its data table."""

from dataclasses import dataclass

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 260, 44, 36, 12


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    series: int


def axis_step(peak, most=4):
    """A round step (1, 2, 5, 10, 20, 50…) giving at most `most` gridlines above zero, so
    that every gridline is labelled with a whole number of requests."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if peak <= step * most:
                return step
        magnitude *= 10


def bar_chart(rows, series, label_key="period"):
    """rows: dicts; series: [(key, label)]. Returns the geometry templates/bureau/stats.html
    draws: bars scaled to the top gridline, gridlines at whole, round values."""
    highest = max([row[key] for row in rows for key, _ in series] or [0])
    step = axis_step(max(highest, 1))
    peak = -(-max(highest, 1) // step) * step  # the top gridline, at or above the highest bar
    plot_width = WIDTH - LEFT - 8
    plot_height = HEIGHT - BOTTOM - TOP
    slot = plot_width / max(len(rows), 1)
    bar_width = max(1.0, slot * 0.8 / len(series))
    bars, ticks = [], []
    for index, row in enumerate(rows):
        for s, (key, _label) in enumerate(series):
            height = plot_height * row[key] / peak
            bars.append(
                Bar(
                    x=round(LEFT + index * slot + slot * 0.1 + s * bar_width, 2),
                    y=round(TOP + plot_height - height, 2),
                    width=round(bar_width, 2),
                    height=round(height, 2),
                    label=row[label_key],
                    value=row[key],
                    series=s,
                )
            )
        every = max(1, len(rows) // 8)
        if index % every == 0:
            ticks.append({"x": round(LEFT + index * slot + slot / 2, 2), "label": row[label_key]})
    grid = [
        {"y": round(TOP + plot_height * (1 - value / peak), 2), "value": value}
        for value in range(0, peak + 1, step)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "ticks": ticks,
        "grid": grid,
        "series": [label for _key, label in series],
        "baseline": TOP + plot_height,
        "left": LEFT,
    }
