"""Derives data/regions.csv from the cpca package's adcodes.csv (MIT, notice in data/regions.LICENSE).

Usage: python3 data/make_regions.py ../shared/reference/regions_adcodes.csv > data/regions.csv
Columns: code (GB/T 2260, 6 digits), name, level (province, city, county), province, city, lat, lon.
A municipality's 市辖区/县 entry takes the municipality's name, so every county has a city.
"""
import csv
import sys

rows = {}
with open(sys.argv[1], encoding="utf-8") as f:
    for r in csv.DictReader(f):
        code = r["adcode"][:6]
        if not r["latitude"] or not r["longitude"]:
            continue  # placeholder 市辖区 entries of prefecture cities carry no place
        rows[code] = (r["name"], float(r["latitude"]), float(r["longitude"]))

out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["code", "name", "level", "province", "city", "lat", "lon"])
for code in sorted(rows):
    name, lat, lon = rows[code]
    prov = code[:2] + "0000"
    city = code[:4] + "00"
    if code.endswith("0000"):
        level = "province"
    elif code.endswith("00"):
        level = "city"
        if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            name = rows[prov][0] if name in ("市辖区", "县") else name
    else:
        level = "county"
    pname = rows.get(prov, ("",))[0]
    cname = rows.get(city, (pname,))[0]
    if cname in ("市辖区", "县"):
        cname = pname
    if level == "province":
        cname = ""
    out.writerow([code, name, level, pname, cname, f"{lat:.6f}", f"{lon:.6f}"])
