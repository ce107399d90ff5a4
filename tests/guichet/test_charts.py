"""The statistics' bar chart: gridlines say the truth about the bars."""

import pytest

from guichet.charts import bar_chart


@pytest.mark.parametrize("highest", [1, 3, 4, 5, 9, 13, 100, 101, 2750])
def test_each_gridline_is_a_whole_value_at_the_height_of_a_bar_of_that_value(highest):
    rows = [{"period": "2026-03-01", "n": value} for value in range(highest + 1)]
    chart = bar_chart(rows, [("n", "Reçues")])
    top_of = {bar.value: round(bar.y, 1) for bar in chart["bars"]}
    values = [line["value"] for line in chart["grid"]]
    assert values[0] == 0 and values[-1] >= highest and len(values) <= 6
    assert all(isinstance(value, int) for value in values)
    for line in chart["grid"]:
        if line["value"] in top_of:
            assert top_of[line["value"]] == round(line["y"], 1)


def test_an_empty_period_draws_an_axis_and_no_bar():
    chart = bar_chart([], [("n", "Reçues")])
    assert chart["bars"] == [] and [line["value"] for line in chart["grid"]] == [0, 1]
