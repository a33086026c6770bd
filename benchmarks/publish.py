#!/usr/bin/env python3
"""Copies the table of figures of the newest results file of each kind into the pages that show it.

A page shows a results file's figures between '<!-- figures from benchmarks/results/KIND-DATE.md -->' and
'<!-- end of figures -->'; the results file holds them between '<!-- figures -->' and '<!-- end of figures -->', as the
benchmark that made it printed them. This rewrites each such block, and the file it names, from the newest results file
of that KIND that has figures, so no published table is typed by hand. PackagingTests' FiguresTablesTests checks that
every block is its file's table.
    python3 benchmarks/publish.py
"""
import glob
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BLOCK = re.compile(
    r"<!-- figures from (?P<file>benchmarks/results/(?P<kind>[a-z-]+?)-\d{4}-\d{2}-\d{2}[a-z]?\.md) -->\n.*?<!-- end of figures -->",
    re.S)


def figures(path):
    text = open(os.path.join(ROOT, path), encoding="utf-8").read()
    start = text.index("<!-- figures -->\n") + len("<!-- figures -->\n")
    return text[start:text.index("<!-- end of figures -->", start)].rstrip("\n")


def newest(kind):
    candidates = sorted(
        os.path.relpath(path, ROOT) for path in glob.glob(os.path.join(ROOT, "benchmarks", "results", f"{kind}-*.md"))
        if re.fullmatch(rf"{re.escape(kind)}-\d{{4}}-\d{{2}}-\d{{2}}[a-z]?\.md", os.path.basename(path))
        and "<!-- figures -->\n" in open(path, encoding="utf-8").read())
    return candidates[-1] if candidates else None


def publish(block):
    path = newest(block["kind"])
    if path is None:
        print(f"no results file of kind '{block['kind']}' has figures yet: its block is left as it is")
        return block[0]
    return f"<!-- figures from {path} -->\n{figures(path)}\n<!-- end of figures -->"


def main():
    pages = [os.path.join(ROOT, "README.md")] + sorted(glob.glob(os.path.join(ROOT, "docs", "*.md")))
    for page in pages:
        text = open(page, encoding="utf-8").read()
        updated = BLOCK.sub(publish, text)
        if updated != text:
            open(page, "w", encoding="utf-8").write(updated)
            print(f"updated {os.path.relpath(page, ROOT)}")


main()
