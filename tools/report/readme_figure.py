#!/usr/bin/python3
"""Redraws the README's figure, docs/img/fushun-targets.png: the report's plan-targets chart of
the calibrated Fushun baseline (4 replicates), as a PNG. Run after the baseline is refitted:

    build/regsim run scenarios/fushun-2018-2020-baseline.toml -o runs/fushun --force --quiet
    /usr/bin/python3 tools/report/readme_figure.py runs/fushun docs/img/fushun-targets.png
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import report  # noqa: E402


def main(result: str, png: str) -> int:
    report.require_packages()

    def save_png(fig, figure_id, layout=True):
        if layout:
            fig.tight_layout()
        fig.savefig(png, dpi=96)
        import matplotlib.pyplot as plt
        plt.close(fig)
        return ""

    report._svg = save_png  # the chart as drawn for the report, written as a PNG instead
    plt = report._setup_matplotlib()
    res = report.Result(result, 1, "result")
    report.chart_targets(plt, [res], res)
    print(f"wrote {png}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: readme_figure.py RESULT OUT.png")
    sys.exit(main(sys.argv[1], sys.argv[2]))
