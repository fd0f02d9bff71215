"""The Python baseline of `chainlead classify`: one polars `str.contains_any` per chain node.

What a data analyst would write first: read the company table from Parquet, join each company's
name, main products and business scope into one text, and for each node of the chains ask polars
whether the text holds any of the node's keywords. It finds far less than chainlead (no scope
parsing, roles, context terms, exclusions or confidence), so it is a lower bound on the work, and
its time is the yardstick of issue 14 ("classify of 1M companies from Parquet at least 30 times
faster").

    python3 benches/python_baseline.py COMPANIES.parquet [CHAINLEAD_BINARY]

prints the seconds spent reading and matching and the number of (company, node) hits. Run
`chainlead classify --companies COMPANIES.parquet -o /tmp/m.csv` beside it; both read the same file.
"""

import json
import subprocess
import sys
import time

import polars as pl


def main() -> None:
    path = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else "target/release/chainlead"
    chains = json.loads(
        subprocess.run([binary, "chains", "export"], capture_output=True, check=True).stdout
    )
    nodes = [(n["id"], n["keywords"]) for c in chains["chains"] for n in c["nodes"] if n["keywords"]]
    started = time.perf_counter()
    df = pl.read_parquet(path, columns=["name", "main_products", "business_scope"])
    text = pl.concat_str(
        [pl.col("name"), pl.col("main_products"), pl.col("business_scope")],
        separator="\n",
        ignore_nulls=True,
    )
    read = time.perf_counter() - started
    hits = df.select(
        [text.str.contains_any(kw).sum().alias(node) for node, kw in nodes]
    ).row(0)
    total = time.perf_counter() - started
    print(
        f"python polars: {df.height} companies, {len(nodes)} nodes, "
        f"{sum(hits)} hits; read {read:.2f} s, read and matched {total:.2f} s"
    )


if __name__ == "__main__":
    main()
