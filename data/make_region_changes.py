"""Derives data/region_changes.csv from the history of administrative codes since 1981.

Source: github.com/yescallop/areacodes, result.csv at commit eed219a (2025-11-04), compiled from the
民政部 (Ministry of Civil Affairs) publications; CC0 1.0, notice in data/region_changes.LICENSE.

Usage: python3 data/make_region_changes.py ../shared/reference/area_code_history.csv data/regions.csv \
           > data/region_changes.csv
Columns: code (a code not in data/regions.csv), name (its name then), to (the code of data/regions.csv
that now covers it), year (of the change), kind:
  withdrawn  the code was withdrawn (县 became 区, counties merged...) and its successor is followed
             until a code of data/regions.csv is reached (532422 → 530421 → 530403). Successors marked
             with a year in brackets took only a part earlier and are not followed. A code split among
             several successors maps to their common city (or province), or is left out. A withdrawn
             prefecture (地区) without a listed successor maps to the one city its counties went to.
  newer      a code created after data/regions.csv was compiled, mapped back to the one code of the
             table it replaced (130284 滦州市 → 130223 滦县), so its companies count at county level.
"""
import csv
import re
import sys

rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
table = set()
with open(sys.argv[2], encoding="utf-8") as f:
    for r in csv.DictReader(f):
        table.add(r["code"])

# Per code, its last withdrawal (a code can be withdrawn, then reused).
successors = {}
for r in rows:
    if r["状态"] != "弃用" or not r["新代码"]:
        continue
    nxt = [s for s in r["新代码"].split(";") if s and "[" not in s]
    nxt = [re.sub(r"\D", "", s) for s in nxt]
    prev = successors.get(r["代码"])
    if prev is None or int(r["变更/弃用时间"] or 0) > prev[2]:
        successors[r["代码"]] = (r["名称"], nxt, int(r["变更/弃用时间"] or 0))


def resolve(code, seen=()):
    """The codes of the table that now cover `code`."""
    if code in table:
        return {code}
    if code in seen or code not in successors:
        return set()
    out = set()
    for s in successors[code][1]:
        out |= resolve(s, seen + (code,))
    return out


# A withdrawn prefecture (地区) without a listed successor: where its counties went, when that is one
# city of the table (532400 玉溪地区 → 530400 玉溪市).
for r in rows:
    code = r["代码"]
    if r["状态"] != "弃用" or r["级别"] != "地级" or code in table or code in successors:
        continue
    went = set()
    for c, (_, nxt, _) in list(successors.items()):
        if c[:4] == code[:4] and c != code:
            went |= {t[:4] + "00" for t in resolve(c)}
    if len(went) == 1:
        successors[code] = (r["名称"], sorted(went), int(r["变更/弃用时间"] or 0))

out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["code", "name", "to", "year", "kind"])
lines = []
for code, (name, _, year) in sorted(successors.items()):
    if code in table:
        continue
    to = resolve(code)
    if len(to) > 1:
        cities = {t[:4] + "00" for t in to}
        provinces = {t[:2] + "0000" for t in to}
        if len(cities) == 1 and cities <= table:
            to = cities
        elif len(provinces) == 1 and provinces <= table:
            to = provinces
    if len(to) == 1:
        lines.append([code, name, to.pop(), year, "withdrawn"])

# Codes in use now that the table does not know: back to the table's one predecessor.
in_use = {r["代码"]: r["名称"] for r in rows if r["状态"] == "在用"}
for code, name in sorted(in_use.items()):
    if code in table:
        continue
    preds = [
        (c, y)
        for c, (_, nxt, y) in successors.items()
        if code in nxt and c in table
    ]
    if len(preds) == 1:
        lines.append([code, name, preds[0][0], preds[0][1], "newer"])
for line in sorted(lines):
    out.writerow(line)
