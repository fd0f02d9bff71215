"""Writes the notebooks (without outputs). Run: python3 notebooks/make_notebooks.py"""
import json
import pathlib

HERE = pathlib.Path(__file__).parent

SETUP = '''import os, pathlib, subprocess, tempfile
import polars as pl
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

# The chainlead binary: CHAINLEAD_BIN, else the release build of this checkout.
BIN = os.environ.get("CHAINLEAD_BIN") or str(pathlib.Path("..", "target", "release", "chainlead").resolve())
OUT = pathlib.Path(tempfile.mkdtemp(prefix="chainlead-nb-"))

def chainlead(*args):
    """Runs chainlead and returns what it printed."""
    run = subprocess.run([BIN, *args], capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(run.stderr)
    return run.stdout'''


def notebook(cells):
    return {
        "cells": [
            {"cell_type": kind, "id": f"cell-{i}", "metadata": {}, "source": text,
             **({"outputs": [], "execution_count": None} if kind == "code" else {})}
            for i, (kind, text) in enumerate(cells)
        ],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                     "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


books = {
    "01_gaps_of_a_chain.ipynb": [
        ("markdown", "# 一条产业链的缺口 / The gaps of one chain\n\nRuns `chainlead gaps` for the PV chain on the demo database (or your `--companies` file), reads the table with polars and plots the location quotients. Set `COMPANIES` to a file path to use your own data."),
        ("code", SETUP + '\nCOMPANIES = None  # e.g. "companies.parquet"\nHOME = "530402"\nCHAIN = "pv"'),
        ("code", 'args = ["gaps", "--chain", CHAIN, "--home", HOME, "-o", str(OUT / "gaps.parquet")]\nif COMPANIES:\n    args += ["--companies", COMPANIES]\nprint(chainlead(*args)[:600])\ngaps = pl.read_parquet(OUT / "gaps.parquet")\ngaps.select("node", "node_name", "tier", "local_count", "lq", "density", "status", "opportunity", "priority").head(10)'),
        ("markdown", "## 各状态环节数 / Nodes by status and tier"),
        ("code", 'counts = gaps.group_by("tier", "status").len().sort("tier", "status")\nprint(counts)\nassert counts["len"].sum() == gaps.height'),
        ("markdown", "## 优先机会 / The most urgent opportunities"),
        ("code", 'top = gaps.filter(pl.col("priority") > 0).sort("priority", descending=True).head(8)\nfor row in top.iter_rows(named=True):\n    print(f\'{row["node_name"]:<10} {row["opportunity"]:<10} {row["priority"]:.3f}  {row["explanation"]}\')'),
        ("code", 'fig, ax = plt.subplots(figsize=(8, 10))\nax.barh(gaps["node"], gaps["lq"], color=[{"strong": "#2e7d32", "weak": "#f9a825", "missing": "#c62828"}[s] for s in gaps["status"]])\nax.axvline(1.0, color="black")\nax.invert_yaxis()\nax.set_xlabel("location quotient")\nfig.savefig(OUT / "lq.png", bbox_inches="tight")\nprint("chart:", OUT / "lq.png")'),
    ],
    "02_compare_two_homes.ipynb": [
        ("markdown", "# 两个本地区划对比 / Two home regions side by side\n\nThe same database seen from the demo district (红塔区, 530402) and from 深圳市 (440300): which nodes are strong in one and missing in the other?"),
        ("code", SETUP + '\nCOMPANIES = None\nHOMES = {"hongta": "530402", "shenzhen": "440300"}'),
        ("code", 'tables = {}\nfor name, home in HOMES.items():\n    args = ["gaps", "--home", home, "-o", str(OUT / f"{name}.parquet")]\n    if COMPANIES:\n        args += ["--companies", COMPANIES]\n    chainlead(*args)\n    tables[name] = pl.read_parquet(OUT / f"{name}.parquet").select("chain", "node", "node_name", "lq", "status")\nboth = tables["hongta"].join(tables["shenzhen"], on=["chain", "node", "node_name"], suffix="_shenzhen")\nboth.head()'),
        ("code", 'print(both.group_by("chain", "status", "status_shenzhen").len().sort("chain", "len", descending=[False, True]).head(20))'),
        ("markdown", "## 深圳强而本地缺失的环节 / Strong in Shenzhen, missing here"),
        ("code", 'gap = both.filter((pl.col("status") == "missing") & (pl.col("status_shenzhen") == "strong")).sort("lq_shenzhen", descending=True)\nprint(gap.select("chain", "node_name", "lq_shenzhen").head(15))'),
        ("code", 'fig, ax = plt.subplots(figsize=(7, 7))\nax.scatter(both["lq"], both["lq_shenzhen"], s=12)\nax.set_xscale("symlog")\nax.set_yscale("symlog")\nax.set_xlabel("LQ 530402")\nax.set_ylabel("LQ 440300")\nfig.savefig(OUT / "compare.png", bbox_inches="tight")\nprint("chart:", OUT / "compare.png")'),
    ],
    "03_tune_lead_profile.ipynb": [
        ("markdown", "# 调整线索评分方案 / Tuning the lead profile\n\nCopies `data/profiles/default.toml`, gives closeness (以商招商, distance) more weight, and shows how the PV list moves."),
        ("code", SETUP + '\nCOMPANIES = None\nHOME = "530402"  # required with COMPANIES: your home region, code or name\nDEFAULT = pathlib.Path("..", "data", "profiles", "default.toml").read_text(encoding="utf-8")'),
        ("code", 'def leads(profile_text, name):\n    path = OUT / f"{name}.toml"\n    path.write_text(profile_text, encoding="utf-8")\n    out = OUT / f"{name}.json"\n    args = ["leads", "--chain", "pv", "--top", "30", "--home", HOME, "--profile", str(path), "-o", str(out)]\n    if COMPANIES:\n        args += ["--companies", COMPANIES]\n    chainlead(*args)\n    return pl.read_json(out).select("rank", "name", "node", "score", "fit", "quality", "expansion", "closeness")\n\nbase = leads(DEFAULT, "default")\nnear = leads(DEFAULT.replace("closeness = 0.20", "closeness = 0.60"), "near")\nbase.head(10)'),
        ("code", 'moved = base.join(near.select("name", pl.col("rank").alias("rank_near")), on="name", how="left")\nmoved = moved.with_columns((pl.col("rank") - pl.col("rank_near")).alias("up"))\nprint(moved.sort("rank").head(15))\nprint("kept in the top 30:", moved["rank_near"].is_not_null().sum(), "of", base.height)'),
        ("code", 'fig, ax = plt.subplots(figsize=(6, 6))\nax.scatter(base["closeness"], base["score"], label="default")\nax.scatter(near["closeness"], near["score"], label="closeness x3")\nax.set_xlabel("closeness")\nax.set_ylabel("score")\nax.legend()\nfig.savefig(OUT / "profiles.png", bbox_inches="tight")\nprint("chart:", OUT / "profiles.png")'),
    ],
}

for name, cells in books.items():
    (HERE / name).write_text(json.dumps(notebook(cells), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print("wrote", len(books), "notebooks")
