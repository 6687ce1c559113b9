"""`screener bench --plot` draws throughput in bins scaled to the drain's length."""

from __future__ import annotations

import pytest

pytest.importorskip("matplotlib")


@pytest.mark.parametrize("drain_s", [0.4, 2.0, 30.0])
def test_plot_bins_follow_the_drain(tmp_path, drain_s):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from screener import bench

    times = [1000.0 + drain_s * i / 5000 for i in range(5001)]  # unsorted input must work too
    times.reverse()
    paced = [(2000.0 + i / 100, 50.0 + i % 7) for i in range(300)]
    seen = {}
    real_savefig = plt.Figure.savefig

    def spy(fig, path, **kw):
        seen["title"] = fig.axes[0].get_title()
        seen["steps"] = len(fig.axes[0].lines[0].get_xdata())
        return real_savefig(fig, path, **kw)

    plt.Figure.savefig = spy
    try:
        out = tmp_path / "bench.png"
        bench.plot(out, times, paced)
    finally:
        plt.Figure.savefig = real_savefig
    assert out.stat().st_size > 1000
    assert seen["steps"] >= 8  # a short drain still shows its shape
    assert "s bins" in seen["title"]
