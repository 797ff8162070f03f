"""Positions for every node, computed in Python so the browser draws at once (no physics to settle).

Two levels, so it stays fast on tens of thousands of nodes:

1. **Clusters.** Each finding, recommendation and measure sits on rings around an *anchor*: its
   review (findings inside, recommendations in the middle, measures outside next to the
   recommendation they answer). A recommendation in a recurring-recommendation group sits around
   the group's node instead, with its measures, so the members of a group are drawn together.
   Reviews, agencies, themes, groups and anything else are anchors of their own.
2. **Anchors.** The anchors, each as a disc as large as its cluster, are placed by a force-directed
   layout (Fruchterman–Reingold in numpy; repulsion against a random sample of anchors when there are
   many), then pushed apart where discs overlap.

Coordinates are in vis-network pixels at zoom 1.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("r", kind="review", ident="r1")
>>> g.add_node("f", kind="finding", review="r1")
>>> _ = g.add_edge("f", "r", key="isPartOf")
>>> pos = layout(g)
>>> sorted(pos) == ["f", "r"] and pos["f"] != pos["r"]
True
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable

import networkx as nx
import numpy as np

from scrgraph.recognise.refs import natural_key

GAP = 70.0  # distance between neighbouring nodes on a ring
HUB_RADIUS = 0.6 * GAP  # the disc of an anchor without a cluster
SAMPLE = 700  # above this many anchors, repulsion is estimated from a random sample of this many
EXACT_OVERLAP = 800  # overlap removal compares every pair up to this many anchors
# Steps of the force layout. 120 steps (for up to 400 anchors) drew no better than 60 or 40 on the
# views of 1,000 synthetic reviews (18-53 anchors around a review, 218-251 around an agency or a
# theme): the same mean link length against its ideal (1.39, 5.2, 5.8) and the same spread.
ITERATIONS = 60


def node_size(kind: str | None, degree: int) -> float:
    """The drawn radius of a node (pixels at zoom 1): by kind, growing with its number of links."""
    base = {"review": 22, "group": 20, "agency": 16, "theme": 15}.get(str(kind), 11)
    return round(min(48.0, base + 3.2 * math.sqrt(max(degree, 0))), 1)


def _edge_keys(graph: nx.Graph, node: Hashable, relation: str) -> list[Hashable]:
    """Targets of ``node``'s out-edges (any edge of it, undirected) whose key (multigraphs) or ``key``
    attribute is ``relation``."""
    if isinstance(graph, nx.MultiDiGraph):
        return [v for _, v, key in graph.out_edges(node, keys=True) if key == relation]
    if isinstance(graph, nx.MultiGraph):
        return [v for _, v, key in graph.edges(node, keys=True) if key == relation]
    edges = graph.out_edges(node, data=True) if isinstance(graph, nx.DiGraph) else graph.edges(node, data=True)
    return [v for _, v, data in edges if data.get("key") == relation]


def anchors(graph: nx.Graph) -> dict[Hashable, Hashable]:
    """Each node's anchor: itself, its review's node, its group's node, or ``("review", id)`` when
    the review's node is not in the graph."""
    kinds = {node: data.get("kind") for node, data in graph.nodes(data=True)}
    review_nodes = {data.get("ident"): node for node, data in graph.nodes(data=True) if kinds[node] == "review" and data.get("ident")}
    group_nodes = {data.get("ident"): node for node, data in graph.nodes(data=True) if kinds[node] == "group" and data.get("ident")}
    result: dict[Hashable, Hashable] = {}

    def own(node: Hashable) -> Hashable:
        data = graph.nodes[node]
        if kinds[node] == "recommendation":
            for group in data.get("groups") or ():
                if group in group_nodes:
                    return group_nodes[group]
        review = data.get("review")
        if review in review_nodes:
            return review_nodes[review]
        if review not in (None, ""):
            return ("review", review)
        return node

    for node in graph:
        if kinds[node] not in ("finding", "recommendation", "measure"):
            result[node] = node
        elif kinds[node] != "measure":
            result[node] = own(node)
    for node in graph:
        if kinds[node] == "measure":
            answered = [rec for rec in _edge_keys(graph, node, "answers") if rec in result]
            result[node] = result[answered[0]] if answered else own(node)
    return result


def _ring(count: int, inner: float) -> float:
    """The radius of a ring of ``count`` nodes that lies outside radius ``inner``."""
    return max(inner + GAP, count * GAP / (2 * math.pi))


def _spread(angles: list[float], radius: float) -> list[tuple[float, float]]:
    return [(radius * math.cos(a), radius * math.sin(a)) for a in angles]


def cluster_offsets(graph: nx.Graph, centre: Hashable, members: list[Hashable]) -> tuple[dict[Hashable, tuple[float, float]], float]:
    """Offsets of a cluster's members from its anchor, on rings; and the radius of the cluster's disc."""
    kinds = {m: graph.nodes[m].get("kind") for m in members}
    refs = {m: natural_key(graph.nodes[m].get("ref") or graph.nodes[m].get("label")) for m in members}
    findings = sorted((m for m in members if kinds[m] == "finding"), key=refs.__getitem__)
    recs = sorted((m for m in members if kinds[m] == "recommendation"), key=refs.__getitem__)
    measures = [m for m in members if kinds[m] == "measure"]
    others = sorted((m for m in members if kinds[m] not in ("finding", "recommendation", "measure")), key=lambda m: str(m))
    offsets: dict[Hashable, tuple[float, float]] = {}
    radius = 0.0
    angle: dict[Hashable, float] = {}
    # Recommendations first (they decide the angles); findings inside, measures outside.
    rec_inner = _ring(len(findings), 0.6 * GAP) if findings else 0.6 * GAP
    if recs:
        rec_r = _ring(len(recs), rec_inner)
        for i, rec in enumerate(recs):
            angle[rec] = 2 * math.pi * i / len(recs)
        offsets.update(zip(recs, _spread([angle[r] for r in recs], rec_r), strict=True))
        radius = rec_r
    if findings:
        member_set = set(findings)
        pulls: dict[Hashable, list[float]] = defaultdict(list)
        for rec in recs:
            for finding in _edge_keys(graph, rec, "arisesFrom"):
                if finding in member_set:
                    pulls[finding].append(angle[rec])
        def mean_angle(f: Hashable) -> float:
            if not pulls[f]:
                return 10.0
            return math.atan2(sum(map(math.sin, pulls[f])), sum(map(math.cos, pulls[f]))) % (2 * math.pi)
        ordered = sorted(findings, key=lambda f: (mean_angle(f), refs[f]))
        start = mean_angle(ordered[0]) if pulls[ordered[0]] else 0.0
        find_r = _ring(len(findings), 0.6 * GAP) if recs else _ring(len(findings), 0.0)
        if recs:
            find_r = min(find_r, max(radius - GAP, 0.6 * GAP))
        offsets.update(zip(ordered, _spread([start + 2 * math.pi * i / len(ordered) for i in range(len(ordered))], find_r), strict=True))
        radius = max(radius, find_r)
    if measures:
        member_set = set(recs)

        def rec_angle(m: Hashable) -> float:
            answered = [r for r in _edge_keys(graph, m, "answers") if r in member_set]
            return angle[answered[0]] if answered else 10.0

        ordered = sorted(measures, key=lambda m: (rec_angle(m), refs[m]))
        start = rec_angle(ordered[0]) if rec_angle(ordered[0]) < 10 else 0.0
        meas_r = _ring(len(measures), radius if radius else 0.0)
        offsets.update(zip(ordered, _spread([start + 2 * math.pi * i / len(ordered) for i in range(len(ordered))], meas_r), strict=True))
        radius = meas_r
    if others:
        other_r = _ring(len(others), radius if radius else 0.0)
        offsets.update(zip(others, _spread([2 * math.pi * i / len(others) for i in range(len(others))], other_r), strict=True))
        radius = other_r
    return offsets, (radius + 0.6 * GAP) if members else HUB_RADIUS


def force_layout(count: int, edges: list[tuple[int, int, float]], radii: np.ndarray, seed: int = 7,
                 iterations: int | None = None) -> np.ndarray:
    """Fruchterman–Reingold positions for ``count`` discs of ``radii`` joined by weighted edges."""
    if count <= 1:
        return np.zeros((count, 2))
    rng = np.random.default_rng(seed)
    radii = radii.astype(np.float64)
    side = math.sqrt(float(((2 * radii + GAP) ** 2).sum())) * 1.2
    pos = rng.uniform(-side / 2, side / 2, (count, 2))
    if iterations is None:
        iterations = ITERATIONS
    if edges:
        src = np.fromiter((e[0] for e in edges), dtype=np.int64, count=len(edges))
        dst = np.fromiter((e[1] for e in edges), dtype=np.int64, count=len(edges))
        weight = np.log1p(np.fromiter((e[2] for e in edges), dtype=np.float64, count=len(edges)))
        pull_scale = weight / (radii[src] + radii[dst] + GAP)  # a link pulls by its length over its ideal length
        degree = np.bincount(np.concatenate([src, dst]), minlength=count).astype(np.float64)
    else:
        degree = np.zeros(count)
    temperature = side / 8
    cooling = 0.02 ** (1.0 / iterations)
    pull_in = (0.02 / max(1.0, math.sqrt(count))) * (1 + degree)[:, None]  # gravity, stronger for linked discs
    reach_own = (radii + GAP).astype(np.float32)
    # The repulsion's reach between every two discs, squared: the same at each step unless sampled.
    reach_all = np.square(reach_own[:, None] + radii[None, :].astype(np.float32)) if count <= SAMPLE else None
    for _ in range(iterations):
        if reach_all is not None:
            others, reach, scale = pos, reach_all, 1.0
        else:
            idx = rng.choice(count, SAMPLE, replace=False)
            others, scale = pos[idx], count / SAMPLE
            reach = np.square(reach_own[:, None] + radii[idx][None, :].astype(np.float32))
        # Repulsion, with x and y kept apart (2-D arrays) to spare memory.
        dx = (pos[:, 0:1] - others[None, :, 0]).astype(np.float32)
        dy = (pos[:, 1:2] - others[None, :, 1]).astype(np.float32)
        strength = dx * dx
        strength += dy * dy
        np.maximum(strength, 1.0, out=strength)
        strength = np.divide(reach, strength, out=strength)
        disp = np.empty((count, 2))
        disp[:, 0] = np.einsum("ij,ij->i", dx, strength)
        disp[:, 1] = np.einsum("ij,ij->i", dy, strength)
        if scale != 1.0:
            disp *= scale
        if edges:
            vec = pos[src] - pos[dst]
            dist = np.maximum(np.sqrt(np.einsum("ij,ij->i", vec, vec)), 1.0)
            pull = vec * (dist * pull_scale)[:, None]
            for axis in (0, 1):
                disp[:, axis] += np.bincount(dst, pull[:, axis], count) - np.bincount(src, pull[:, axis], count)
        disp -= pos * pull_in
        length = np.maximum(np.sqrt(np.einsum("ij,ij->i", disp, disp)), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature *= cooling
    return _remove_overlaps(pos, radii)


def _push_apart(pos: np.ndarray, radii: np.ndarray, a: np.ndarray, b: np.ndarray, margin: float) -> bool:
    """Move the discs ``a`` away from the discs ``b`` they overlap (half the overlap each way)."""
    dx = pos[a, 0][:, None] - pos[b, 0][None, :]
    dy = pos[a, 1][:, None] - pos[b, 1][None, :]
    dist = np.sqrt(dx * dx + dy * dy)
    overlap = radii[a][:, None] + radii[b][None, :] + margin - dist
    overlap[a[:, None] == b[None, :]] = 0
    ii, jj = np.nonzero(overlap > 0)
    if not len(ii):
        return False
    d = np.maximum(dist[ii, jj], 1e-6)
    push = (overlap[ii, jj] / 2 + 0.5) / d
    same = dist[ii, jj] < 1e-6
    ux, uy = dx[ii, jj] * push, dy[ii, jj] * push
    ux[same] = overlap[ii, jj][same] / 2 + 0.5
    np.add.at(pos[:, 0], a[ii], ux)
    np.add.at(pos[:, 1], a[ii], uy)
    return True


def _remove_overlaps(pos: np.ndarray, radii: np.ndarray, passes: int = 30) -> np.ndarray:
    """Push apart discs that overlap: every pair for few discs, else neighbours in a grid of cells."""
    count = len(pos)
    if count < 2:
        return pos
    margin = 0.3 * GAP
    everyone = np.arange(count)
    for _ in range(passes):
        moved = False
        if count <= EXACT_OVERLAP:
            moved = _push_apart(pos, radii, everyone, everyone, margin)
        else:
            cell = float(2 * radii.max() + margin)
            keys = np.floor(pos / cell).astype(np.int64)
            buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
            for index, (kx, ky) in enumerate(keys.tolist()):
                buckets[(kx, ky)].append(index)
            for (kx, ky), members in buckets.items():
                near = [n for dx in (-1, 0, 1) for dy in (-1, 0, 1) for n in buckets.get((kx + dx, ky + dy), ())]
                moved |= _push_apart(pos, radii, np.array(members), np.array(near), margin)
        if not moved:
            break
    return pos


def layout(graph: nx.Graph, seed: int = 7) -> dict[Hashable, tuple[float, float]]:
    """Positions for every node of ``graph`` (see the module docstring)."""
    if graph.number_of_nodes() == 0:
        return {}
    anchor_of = anchors(graph)
    clusters: dict[Hashable, list[Hashable]] = defaultdict(list)
    for node, anchor in anchor_of.items():
        if node != anchor:
            clusters[anchor].append(node)
    keys = list(dict.fromkeys(list(anchor_of.values())))
    index = {key: i for i, key in enumerate(keys)}
    offsets: dict[Hashable, tuple[float, float]] = {}
    radii = np.full(len(keys), HUB_RADIUS)
    degree = dict(graph.degree())
    for key in keys:
        if key in graph:
            radii[index[key]] = max(HUB_RADIUS, node_size(graph.nodes[key].get("kind"), degree.get(key, 0)) + 0.3 * GAP)
    for key, members in clusters.items():
        local, radius = cluster_offsets(graph, key, members)
        offsets.update(local)
        radii[index[key]] = max(radius, radii[index[key]])
    weights: dict[tuple[int, int], float] = defaultdict(float)
    for u, v in graph.edges():
        a, b = index[anchor_of[u]], index[anchor_of[v]]
        if a != b:
            weights[(min(a, b), max(a, b))] += 1.0
    centres = force_layout(len(keys), [(a, b, w) for (a, b), w in weights.items()], radii, seed=seed)
    centres -= centres.mean(axis=0)
    positions: dict[Hashable, tuple[float, float]] = {}
    for node, anchor in anchor_of.items():
        cx, cy = centres[index[anchor]]
        dx, dy = offsets.get(node, (0.0, 0.0))
        positions[node] = (round(float(cx + dx), 1), round(float(cy + dy), 1))
    return positions
