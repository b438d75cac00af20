#!/usr/bin/python3
"""Checks a regsim report's DOM (as rendered by headless Chromium with --dump-dom, or the HTML
file itself): every expected chart is a <figure class="chart"> with a non-empty <figcaption>
and a drawn inline <svg> (or a data: <img>); every expected note is present; nothing refers to
a resource outside the document (no src/href other than #fragment or data:, no script, link,
iframe, object or embed element, no CSS url() or @import of anything but a fragment or data:).

Usage: check_report_dom.py DOM.html --charts ID,ID,... [--notes ID,ID,...] [--title TEXT]
"""
import argparse
import re
import sys
from html.parser import HTMLParser

RESOURCE_ATTRS = {"src", "href", "xlink:href", "srcset", "poster", "data", "action",
                  "background", "formaction"}
FORBIDDEN_TAGS = {"script", "link", "iframe", "object", "embed", "frame", "base"}
DRAWING = {"path", "use", "rect", "line", "polyline", "polygon", "circle", "text"}


class Figure:
    def __init__(self, fid, classes):
        self.id, self.classes = fid, classes
        self.caption, self.svgs, self.drawn, self.images = "", 0, 0, 0


class Dom(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.figures, self.ids, self.errors = {}, set(), []
        self.stack, self.in_caption, self.in_style, self.in_title = [], False, False, False
        self.title = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag in FORBIDDEN_TAGS:
            self.errors.append(f"<{tag}> element: {attrs}")
        for k, v in attrs:
            if k in RESOURCE_ATTRS and v is not None:
                if not (v.startswith("#") or v.startswith("data:")):
                    self.errors.append(f"<{tag} {k}={v!r}>: refers outside the document")
            if k == "style" and v and re.search(r"url\((?!\s*['\"]?(#|data:))", v):
                self.errors.append(f"<{tag} style={v!r}>: external url()")
        fig = self.stack[-1] if self.stack else None
        if tag == "figure":
            self.stack.append(Figure(a.get("id"), (a.get("class") or "").split()))
        elif fig is not None:
            if tag == "figcaption":
                self.in_caption = True
            elif tag == "svg":
                fig.svgs += 1
            elif tag in DRAWING:
                fig.drawn += 1
            elif tag == "img" and (a.get("src") or "").startswith("data:image/"):
                fig.images += 1
        if tag == "style":
            self.in_style = True
        if tag == "title" and not self.stack:
            self.in_title = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "figure":
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "figure" and self.stack:
            fig = self.stack.pop()
            if fig.id in self.figures:
                self.errors.append(f"figure id {fig.id!r} twice")
            self.figures[fig.id] = fig
        elif tag == "figcaption":
            self.in_caption = False
        elif tag == "style":
            self.in_style = False
        elif tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_caption and self.stack:
            self.stack[-1].caption += data
        if self.in_title:
            self.title += data
        if self.in_style and re.search(r"@import|url\((?!\s*['\"]?(#|data:))", data):
            self.errors.append(f"external reference in <style>: {data.strip()[:80]}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dom")
    p.add_argument("--charts", required=True)
    p.add_argument("--notes", default="")
    p.add_argument("--title")
    args = p.parse_args()
    text = open(args.dom, encoding="utf-8").read()
    dom = Dom()
    dom.feed(text)
    errors = list(dom.errors)
    # http(s) only as XML namespace names of inline SVG, never as a resource.
    for m in re.finditer(r"https?://[^\s\"'<>)]+", text):
        if m.group(0) not in ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"):
            errors.append(f"URL in the document: {m.group(0)}")
    for cid in filter(None, args.charts.split(",")):
        fig = dom.figures.get(cid)
        if fig is None:
            errors.append(f"chart {cid!r} missing (figures: {sorted(map(str, dom.figures))})")
            continue
        if "chart" not in fig.classes:
            errors.append(f"figure {cid!r} lacks class 'chart'")
        if not fig.caption.strip():
            errors.append(f"figure {cid!r} has no caption")
        if not (fig.svgs and fig.drawn >= 10) and not fig.images:
            errors.append(f"figure {cid!r} draws nothing ({fig.svgs} svg, {fig.drawn} shapes)")
    for nid in filter(None, args.notes.split(",")):
        if nid not in dom.ids:
            errors.append(f"note {nid!r} missing")
    if args.title is not None and dom.title.strip() != args.title:
        errors.append(f"title {dom.title.strip()!r}, expected {args.title!r}")
    if errors:
        print("\n".join(f"FAIL: {e}" for e in errors), file=sys.stderr)
        return 1
    print(f"{args.dom}: {len(dom.figures)} charts ({', '.join(map(str, dom.figures))}), "
          f"no external references")
    return 0


if __name__ == "__main__":
    sys.exit(main())
