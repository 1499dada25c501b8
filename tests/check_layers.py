#!/usr/bin/env python3
"""The layout's rules, read from the code.

Rooms, lowest first: stats, table and plots (the lower rooms), analyse and
render, report, cli.  A file may include headers of, and call functions
defined in, its own room or a lower one, never a higher one; no two files
call each other (or sit on a longer circle of calls); no header includes
itself through others.

Includes are read from the sources.  Calls are read from the object files
(nm): an object that leaves a symbol undefined which another object
defines calls that object.  A public header (include/fkstat/X.h) belongs to
the highest room among the files that define the functions it declares; a
header that declares no function of ours (types only) belongs to no room.

usage: check_layers.py BUILD_DIR     (e.g. build/rel); exit 1 on a breach.
"""
import os
import re
import subprocess
import sys

RANK = {"stats": 0, "table": 0, "plots": 0, "analyse": 1, "render": 1,
        "report": 2, "cli": 3}
ROOMS = list(RANK)


def room_of(path):
    top = path.split("/")[0]
    return top if top in RANK else None


def sources():
    out = []
    for r in ROOMS:
        for f in sorted(os.listdir(r)):
            if f.endswith((".c", ".h")):
                out.append(f"{r}/{f}")
    for f in sorted(os.listdir("include/fkstat")):
        if f.endswith(".h"):
            out.append(f"include/fkstat/{f}")
    return out


INC = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def includes(path):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    res = []
    for name in INC.findall(text):
        for cand in (name, os.path.join(os.path.dirname(path), name),
                     os.path.join("include", name)):
            if os.path.isfile(cand):
                res.append(os.path.normpath(cand))
                break
    return res


def symbols(build):
    """defined[symbol] = source file; used[source] = set of symbols."""
    defined, used = {}, {}
    for r in ROOMS:
        d = os.path.join(build, r)
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            if not f.endswith(".o"):
                continue
            src = f"{r}/{f[:-2]}.c"
            if not os.path.isfile(src):
                continue
            nm = subprocess.run(["nm", os.path.join(d, f)], check=True,
                                capture_output=True, text=True).stdout
            u = set()
            for line in nm.splitlines():
                parts = line.split()
                if len(parts) == 2 and parts[0] == "U":
                    u.add(parts[1])
                elif len(parts) == 3 and parts[1] in "TDBR":
                    defined[parts[2]] = src
            used[src] = u
    return defined, used


DECL = re.compile(r"\b(fk_\w+)\s*\(")


def header_rooms(defined):
    rooms = {}
    for h in os.listdir("include/fkstat"):
        path = f"include/fkstat/{h}"
        with open(path, encoding="utf-8") as fh:
            names = set(DECL.findall(fh.read()))
        rs = {room_of(defined[n]) for n in names if n in defined}
        rooms[path] = max(rs, key=lambda r: RANK[r]) if rs else None
    return rooms


def cycles(graph):
    """Strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in list(graph):
        if v not in index:
            visit(v)
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check_layers.py BUILD_DIR")
    build = sys.argv[1]
    defined, used = symbols(build)
    if not used:
        sys.exit(f"check_layers: no objects under {build}")
    hroom = header_rooms(defined)
    bad = []

    inc_graph = {}
    for f in sources():
        inc_graph[f] = includes(f)
        fr = room_of(f)
        for h in inc_graph[f]:
            hr = room_of(h) if not h.startswith("include/") else hroom.get(h)
            if fr and hr and RANK[hr] > RANK[fr]:
                bad.append(f"include up: {f} ({fr}) includes {h} ({hr})")
            if f.startswith("include/") and hroom.get(f) and hr \
                    and RANK[hr] > RANK[hroom[f]]:
                bad.append(f"include up: {f} ({hroom[f]}) includes {h} ({hr})")
            if (not h.startswith("include/") and fr and room_of(h) != fr):
                bad.append(f"private header of another room: {f} includes {h}")
    for c in cycles(inc_graph):
        bad.append("include circle: " + " -> ".join(c))

    call_graph = {}
    for src, syms in used.items():
        callees = {defined[s] for s in syms if s in defined} - {src}
        call_graph[src] = sorted(callees)
        for c in callees:
            if RANK[room_of(c)] > RANK[room_of(src)]:
                bad.append(f"call up: {src} ({room_of(src)}) calls "
                           f"{c} ({room_of(c)})")
    for c in cycles(call_graph):
        bad.append("call circle: " + " <-> ".join(c))

    for b in bad:
        print(b)
    n_edges = sum(len(v) for v in call_graph.values())
    print(f"check_layers: {len(used)} objects, {n_edges} call edges, "
          f"{sum(len(v) for v in inc_graph.values())} includes, "
          f"{len(bad)} breaches", file=sys.stderr)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
