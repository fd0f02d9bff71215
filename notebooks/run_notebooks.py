"""Executes every notebook from a clean state and fails on any error (used by .ci/run).

Run from the checkout: python3 notebooks/run_notebooks.py
"""
import pathlib
import sys

import nbformat
from nbclient import NotebookClient

here = pathlib.Path(__file__).parent
books = sorted(here.glob("*.ipynb"))
if not books:
    sys.exit("no notebooks found")
for path in books:
    nb = nbformat.read(path, as_version=4)
    stored = [c for c in nb.cells if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count"))]
    if stored:
        sys.exit(f"{path.name}: stored with outputs; clear them before committing")
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(here)}}).execute()
    print(f"notebook {path.name}: ok ({sum(c.cell_type == 'code' for c in nb.cells)} code cells)")
print(f"notebooks: {len(books)} passed, 0 failed")
