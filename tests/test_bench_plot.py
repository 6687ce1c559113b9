"""`screener bench --plot` draws decisions over time (the slope is the throughput)."""

from __future__ import annotations

import pytest

pytest.importorskip("matplotlib")


@pytest.mark.parametrize("drain_s", [0.4, 2.0, 30.0])
def test_plot_shows_every_decision_in_time_order(tmp_path, drain_s):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from screener import bench

    times = [1000.0 + drain_s * (i // 500) / 10 for i in range(5000)]  # batches of 500 share a time
    times.reverse()  # unsorted input must work too
    paced = [(2000.0 + i / 100, 50.0 + i % 7) for i in range(300)]
    seen = {}
    real_savefig = plt.Figure.savefig

    def spy(fig, path, **kw):
        seen["title"] = fig.axes[0].get_title()
        seen["x"] = list(fig.axes[0].lines[0].get_xdata())
        seen["y"] = list(fig.axes[0].lines[0].get_ydata())
        return real_savefig(fig, path, **kw)

    plt.Figure.savefig = spy
    try:
        out = tmp_path / "bench.png"
        bench.plot(out, times, paced)
    finally:
        plt.Figure.savefig = real_savefig
    assert out.stat().st_size > 1000
    assert seen["y"][-1] == 5000 and seen["x"] == sorted(seen["x"])
    assert seen["x"][-1] == pytest.approx(drain_s * 0.9)
    assert f"{5000 / (drain_s * 0.9):,.0f}/s" in seen["title"]
