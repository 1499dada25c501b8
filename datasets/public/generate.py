#!/usr/bin/env python3
"""Write the public-data example of this folder: a quarterly table of all
98 Danish municipalities as Statistics Denmark's StatBank gives it, the
same share as a jobindsats.dk/Excel sheet with one column per quarter, and
the list of trial municipalities with their (staggered) first quarters.

Real: the municipality names and codes, the layout of the files, the 11
municipalities of the North Jutland free-municipality network.  Synthetic:
every number, and the start quarters.  See README.md in this folder.

    python3 datasets/public/generate.py [DIR]     (default: this folder)

Deterministic: the same bytes on every machine (Python 3's random.Random
with an integer seed, numbers rounded before they are written).
"""
import math
import os
import random
import sys

SEED = 20160101
EFFECT = 3.0            # percentage points on the share in job, from the
                        # municipality's first trial quarter on
FIRST_YEAR, LAST_YEAR = 2016, 2021
SUPPRESS_BELOW = 10     # fewer in job than this: ".." (discretion)

# Statistics Denmark's municipality codes and names (StatBank spelling)
MUNICIPALITIES = [
    (101, "København"), (147, "Frederiksberg"), (151, "Ballerup"),
    (153, "Brøndby"), (155, "Dragør"), (157, "Gentofte"), (159, "Gladsaxe"),
    (161, "Glostrup"), (163, "Herlev"), (165, "Albertslund"),
    (167, "Hvidovre"), (169, "Høje-Taastrup"), (173, "Lyngby-Taarbæk"),
    (175, "Rødovre"), (183, "Ishøj"), (185, "Tårnby"), (187, "Vallensbæk"),
    (190, "Furesø"), (201, "Allerød"), (210, "Fredensborg"),
    (217, "Helsingør"), (219, "Hillerød"), (223, "Hørsholm"),
    (230, "Rudersdal"), (240, "Egedal"), (250, "Frederikssund"),
    (253, "Greve"), (259, "Køge"), (260, "Halsnæs"), (265, "Roskilde"),
    (269, "Solrød"), (270, "Gribskov"), (306, "Odsherred"),
    (316, "Holbæk"), (320, "Faxe"), (326, "Kalundborg"), (329, "Ringsted"),
    (330, "Slagelse"), (336, "Stevns"), (340, "Sorø"), (350, "Lejre"),
    (360, "Lolland"), (370, "Næstved"), (376, "Guldborgsund"),
    (390, "Vordingborg"), (400, "Bornholm"), (410, "Middelfart"),
    (420, "Assens"), (430, "Faaborg-Midtfyn"), (440, "Kerteminde"),
    (450, "Nyborg"), (461, "Odense"), (479, "Svendborg"), (480, "Nordfyns"),
    (482, "Langeland"), (492, "Ærø"), (510, "Haderslev"), (530, "Billund"),
    (540, "Sønderborg"), (550, "Tønder"), (561, "Esbjerg"), (563, "Fanø"),
    (573, "Varde"), (575, "Vejen"), (580, "Aabenraa"), (607, "Fredericia"),
    (615, "Horsens"), (621, "Kolding"), (630, "Vejle"), (657, "Herning"),
    (661, "Holstebro"), (665, "Lemvig"), (671, "Struer"), (706, "Syddjurs"),
    (707, "Norddjurs"), (710, "Favrskov"), (727, "Odder"), (730, "Randers"),
    (740, "Silkeborg"), (741, "Samsø"), (746, "Skanderborg"),
    (751, "Aarhus"), (756, "Ikast-Brande"), (760, "Ringkøbing-Skjern"),
    (766, "Hedensted"), (773, "Morsø"), (779, "Skive"), (787, "Thisted"),
    (791, "Viborg"), (810, "Brønderslev"), (813, "Frederikshavn"),
    (820, "Vesthimmerland"), (825, "Læsø"), (840, "Rebild"),
    (846, "Mariagerfjord"), (849, "Jammerbugt"), (851, "Aalborg"),
    (860, "Hjørring"),
]

# The North Jutland free-municipality network; the start quarters are
# made up (three cohorts), to show staggered difference in differences.
STARTS = {
    "Aalborg": "2018K1", "Frederikshavn": "2018K1", "Hjørring": "2018K1",
    "Jammerbugt": "2018K1",
    "Brønderslev": "2018K3", "Mariagerfjord": "2018K3", "Rebild": "2018K3",
    "Vesthimmerland": "2018K3",
    "Læsø": "2019K1", "Morsø": "2019K1", "Thisted": "2019K1",
}

# Forløb per quarter: large for the four largest cities, a few dozen for
# the small islands (so some of their cells are suppressed), otherwise
# drawn below.
BASE = {"København": 7700, "Aarhus": 4300, "Aalborg": 2600, "Odense": 2500,
        "Læsø": 34, "Fanø": 31, "Samsø": 37, "Ærø": 33}

QUARTERS = [f"{y}K{q}" for y in range(FIRST_YEAR, LAST_YEAR + 1)
            for q in range(1, 5)]


def order(period):
    return 4 * int(period[:4]) + int(period[5]) - 1


def danish(x, decimals):
    """x with a decimal comma and '.' between thousands."""
    s = f"{x:,.{decimals}f}"
    return s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def make():
    rng = random.Random(SEED)
    season = [-0.8, 0.4, 1.1, -0.7]
    common = []
    for t, q in enumerate(QUARTERS):
        shock = {"2020K2": -4.0, "2020K3": -1.5}.get(q, 0.0)
        common.append(0.12 * t + season[t % 4] + shock +
                      rng.gauss(0, 0.3))
    rows = []
    for code, name in MUNICIPALITIES:
        level = rng.gauss(30.0, 4.0)
        base = BASE.get(name) or round(math.exp(rng.gauss(math.log(550),
                                                           0.55)))
        start = order(STARTS[name]) if name in STARTS else None
        for t, q in enumerate(QUARTERS):
            forloeb = max(1, round(base * (1 + 0.04 * (t % 4 == 0)) *
                                   math.exp(rng.gauss(0, 0.05))))
            share = level + common[t] + rng.gauss(0, 1.0)
            if start is not None and order(q) >= start:
                share += EFFECT
            share = min(max(share, 1.0), 99.0)
            job = round(forloeb * share / 100)
            rows.append((code, name, q, forloeb, job))
    return rows


def write(path, lines):
    data = "\ufeff" + "".join(line + "\r\n" for line in lines)
    with open(path, "wb") as f:
        f.write(data.encode("utf-8"))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(
        os.path.abspath(__file__))
    rows = make()
    cell = {}
    long_lines = [
        '"FKSTAT1: Kontanthjælpsforløb og andel i job efter område, '
        'ydelsestype, køn og tid (syntetiske tal)"',
        "OMRÅDE;KOMKODE;YDELSESTYPE;KØN;TID;FORLØB;JOB;ANDEL"]
    for code, name, q, forloeb, job in rows:
        if job < SUPPRESS_BELOW:
            j = a = ".."
        else:
            j = danish(job, 0)
            a = danish(100 * job / forloeb, 1)
        cell[name, q] = a
        long_lines.append(";".join([name, str(code), "Kontanthjælp",
                                    "I alt", q, danish(forloeb, 0), j, a]))
    long_lines += [
        "",
        '"Kilde: syntetiske tal i Danmarks Statistiks statistikbank-format '
        '(fkstat, datasets/public/generate.py). Forklaring: .. = '
        'diskretioneret."']
    write(os.path.join(out, "statbank_kvartal.csv"), long_lines)

    pad = ";" * (len(QUARTERS) + 1)
    wide_lines = [
        "Andel i job (pct.), kontanthjælp, kvartaler" + pad,
        "Syntetiske tal i jobindsats.dk's Excel-format" + pad,
        ";" + pad,
        "Område;Kommunekode;" + ";".join(QUARTERS)]
    for code, name in MUNICIPALITIES:
        wide_lines.append(";".join([name, str(code)] +
                                   [cell[name, q] for q in QUARTERS]))
    wide_lines += [";" + pad,
                   "Kilde: fkstat, datasets/public/generate.py" + pad]
    write(os.path.join(out, "jobindsats_bred.csv"), wide_lines)

    with open(os.path.join(out, "forsoegskommuner.csv"), "w",
              encoding="utf-8", newline="\n") as f:
        f.write("# Nordjyske frikommuner og deres første forsøgskvartal "
                "(startkvartalerne er opdigtede)\n")
        f.write("kommune;start\n")
        for name in sorted(STARTS, key=lambda n: (order(STARTS[n]), n)):
            f.write(f"{name};{STARTS[name]}\n")


if __name__ == "__main__":
    main()
