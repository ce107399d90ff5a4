"""Reading a PDF back the way people and assistive technology do, with poppler-utils:
`pdftotext -layout` (what lines a reader sees) and `pdfinfo -struct-text` (the tagged
structure tree, in reading order, as a screen reader walks it)."""

import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdfinfo")),
    reason="poppler-utils (pdftotext, pdfinfo) is not installed",
)


def _run(*command, data):
    """Run a poppler command on the PDF bytes; "{pdf}" in `command` stands for its path."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(data)
        finished = subprocess.run(  # noqa: S603 - fixed poppler command on a test file
            [str(path) if part == "{pdf}" else part for part in command],
            capture_output=True,
            text=True,
            check=True,
        )
    return finished.stdout


def layout_lines(data):
    """The text of every page laid out as printed, one string per line (`pdftotext -layout`)."""
    return _run("pdftotext", "-layout", "{pdf}", "-", data=data).splitlines()


def page_count(data):
    for line in _run("pdfinfo", "{pdf}", data=data).splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("pdfinfo gives no page count")


@dataclass
class Node:
    tag: str
    children: list = field(default_factory=list)
    texts: list = field(default_factory=list)

    def text(self):
        """All the text under this element, in reading order, spaces normalised."""
        parts = list(self.texts)
        for child in self.children:
            parts.append(child.text())
        return " ".join(" ".join(part for part in parts if part).split())

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def structure(data):
    """The structure tree (`pdfinfo -struct-text`) as Nodes; texts kept in reading order."""
    output = _run("pdfinfo", "-struct-text", "{pdf}", data=data)
    root = Node("root")
    stack = [(-1, root)]
    for line in output.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("/"):  # attributes (/Headers ...)
            continue
        depth = len(line) - len(line.lstrip(" "))
        while stack[-1][0] >= depth:
            stack.pop()
        parent = stack[-1][1]
        if stripped.startswith('"'):
            parent.texts.append(stripped[1:-1])
            continue
        node = Node(stripped.split()[0].rstrip(":"))
        parent.children.append(node)
        stack.append((depth, node))
    return root


def structure_text(data):
    """The whole text as a screen reader reads it, following the structure tree."""
    return structure(data).text()


def structure_rows(data):
    """Each table row of the structure tree as (header text, cell text), in reading order,
    for rows made of a row header (TH) followed by one cell (TD)."""
    rows = []
    for node in structure(data).walk():
        if node.tag != "TR":
            continue
        cells = [child for child in node.children if child.tag in ("TH", "TD")]
        tags = [cell.tag for cell in cells]
        if "TH" in tags and "TD" in tags[tags.index("TH") :]:
            header = cells[tags.index("TH")]
            value = cells[tags.index("TH") + 1]
            rows.append((header.text(), value.text()))
    return rows
