#!/usr/bin/python3
"""The calibrated baselines' fits and findings, as VALIDATION.md shows them (issue 24).

Reads each committed baseline (scenarios/*-baseline.toml): the fit report `regsim calibrate`
wrote at its top (standard, rows met, evaluations, parameters at a bound of their plausible
range, the re-check on unseen replicates) and the findings it wrote into the overlay (one per
target a plausible economy misses, `[[targets]] finding`). Nothing is re-run: the table is what
the committed files say.

Usage:
  /usr/bin/python3 tools/validation/baselines_table.py              # print the section
  /usr/bin/python3 tools/validation/baselines_table.py --update-validation
  /usr/bin/python3 tools/validation/baselines_table.py --check      # exit 1 when VALIDATION.md
                                                                    # differs from the files
"""

import argparse
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ORDER = ["fushun-2018-2020", "ankang-2019-2021", "yingkou-2020-2025", "zhangye-2018-2020",
         "hubei-2018-2020"]
BEGIN, END = "<!-- baselines:begin -->", "<!-- baselines:end -->"
# Every finding starts so (experiment/calibrate/diagnostics.cpp); the table says it once.
FINDING_PREFIX = ("not reached by a plausible economy with the plan's instruments (calibrated "
                  "within plausible ranges):")


class TableError(Exception):
    pass


def header(path: Path) -> list[str]:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[2:] if line.startswith("# ") else line[1:])
    return lines


def search(pattern: str, lines: list[str], path: Path, what: str) -> re.Match:
    for line in lines:
        m = re.search(pattern, line)
        if m:
            return m
    raise TableError(f"{path}: no {what} in its fit report (was it written by regsim calibrate?)")


def baseline(path: Path) -> dict:
    lines = header(path)
    std = search(r"standard: (.+?) \(replicate mean.*?\): (\d+) of (\d+) in-sample rows met"
                 r"(?:; holdout (\d+) of (\d+) met)?(?:; excluded (\d+) of (\d+) met)?",
                 lines, path, "standard line")
    ev = search(r"evaluations (\d+) \(budget \d+, \d+ restarts\), objective (\S+), wall time "
                r"(\S+) s on (.+)$", lines, path, "evaluations line")
    npar = search(r"(\d+) parameters fitted against", lines, path, "parameter count")
    at_bound = [m.group(1) for line in lines
                if (m := re.match(r"\s+(\S+)\s+at its (?:upper|lower) bound", line))]
    implausible = [m.group(1) for line in lines if (m := re.match(r"\s+(\S+)\s+IMPLAUSIBLE", line))]
    whole = next((m for line in lines
                  if (m := re.match(r"\s+whole plan\s+(\S+) \[(\S+), (\S+)\]\s+(\d+) of (\d+)", line))),
                 None)
    overlay = tomllib.loads(path.read_text(encoding="utf-8"))
    findings = [(t["id"], t["finding"]) for t in overlay.get("targets", []) if "finding" in t]
    return {
        "name": path.name.removesuffix("-baseline.toml"),
        "path": path.relative_to(ROOT).as_posix(),
        "standard": std.group(1),
        "met": int(std.group(2)), "in_sample": int(std.group(3)),
        "excluded_met": int(std.group(6) or 0), "excluded": int(std.group(7) or 0),
        "evaluations": int(ev.group(1)), "seconds": float(ev.group(3)), "on": ev.group(4),
        "parameters": int(npar.group(1)),
        "at_bound": at_bound, "implausible": implausible,
        "whole": whole.groups() if whole else None,
        "findings": findings,
    }


def section(baselines: list[dict]) -> str:
    out = [BEGIN,
           "<!-- written by tools/validation/baselines_table.py --update-validation from the "
           "committed baselines' fit reports -->", "",
           "| plan | rows in the fit: met (replicate mean) | rows left out of the fit | fitted "
           "parameters | at the end of their plausible range | whole plan met, 12 unseen "
           "replicates (95% Wilson) | last fit |",
           "|---|---|---|---|---|---|---|"]
    for b in baselines:
        whole = (f"{b['whole'][3]} of {b['whole'][4]} [{b['whole'][1]}, {b['whole'][2]}]"
                 if b["whole"] else "–")
        excluded = f"{b['excluded']} ({b['excluded_met']} met)" if b["excluded"] else "–"
        out.append(f"| {b['name']} | {b['met']} of {b['in_sample']} | {excluded} | "
                   f"{b['parameters']}{' (' + str(len(b['implausible'])) + ' IMPLAUSIBLE)' if b['implausible'] else ''} | "
                   f"{len(b['at_bound'])} | {whole} | {b['evaluations']} evaluations, "
                   f"{b['seconds']:.0f} s on {b['on'].replace('1 threads', '1 thread')} |")
    out.append("")
    out.append("Findings (each the baseline's own, after \"not reached by a plausible economy with "
               "the plan's instruments (calibrated within plausible ranges):\"; deviations of the "
               "replicate mean from the target by year):")
    out.append("")
    for b in baselines:
        out.append(f"**{b['name']}** ({b['path']}): standard {b['standard'].lower()}; "
                   + (f"at the end of their plausible range: {', '.join(f'`{p}`' for p in b['at_bound'])}."
                      if b["at_bound"] else "no parameter at the end of its plausible range."))
        if b["findings"]:
            out.append("")
            for tid, text in b["findings"]:
                out.append(f"- {tid}: {text.removeprefix(FINDING_PREFIX).strip()}")
        out.append("")
    out.append(END)
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--update-validation", action="store_true")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    try:
        files = {p.name.removesuffix("-baseline.toml"): p
                 for p in (ROOT / "scenarios").glob("*-baseline.toml")}
        missing = [n for n in ORDER if n not in files]
        if missing:
            raise TableError(f"missing baselines: {', '.join(missing)}")
        text = section([baseline(files[n]) for n in ORDER])
        if not (args.update_validation or args.check):
            print(text)
            return 0
        doc = ROOT / "VALIDATION.md"
        current = doc.read_text(encoding="utf-8")
        if BEGIN not in current or END not in current:
            raise TableError(f"{doc}: no {BEGIN} ... {END} section")
        new = current[:current.index(BEGIN)] + text + current[current.index(END) + len(END):]
        if args.check:
            if new != current:
                print("VALIDATION.md's baselines section differs from the committed baselines; "
                      "run tools/validation/baselines_table.py --update-validation",
                      file=sys.stderr)
                return 1
            print("VALIDATION.md's baselines section matches the committed baselines")
            return 0
        tmp = doc.with_suffix(".md.tmp")
        tmp.write_text(new, encoding="utf-8")
        tmp.replace(doc)
        print(f"{doc.name} {'regenerated' if new != current else 'up to date'}")
        return 0
    except (TableError, OSError, tomllib.TOMLDecodeError) as e:
        print(f"baselines_table: error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
