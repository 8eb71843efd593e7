"""Exact DBSCAN on the sphere (and in space-time), fast on stacked conflict events.

The result equals scikit-learn's ::

    DBSCAN(eps=eps_m / EARTH_RADIUS_M, min_samples=min_samples, metric="haversine",
           algorithm="ball_tree").fit(np.radians(np.c_[lat, lon]), sample_weight=w).labels_

label for label, border points included: clusters are numbered in the order of
their lowest-index core point, and a border point next to several clusters gets
the lowest-numbered one, which is exactly what scikit-learn's depth-first
expansion gives.

How it stays exact and fast
---------------------------
1. Identical coordinates (7,473 UCDP events sit on 458 points) are collapsed into
   unique points carrying their summed weight; a unique point is core when the
   summed weight of its neighbours (itself included) reaches ``min_samples``,
   as scikit-learn does with ``sample_weight``.
2. Unique points become 3D unit vectors, hashed into cubes of side
   ``chord / √3`` (``chord = 2·sin(eps / 2R)``, monotone in the great-circle
   distance). Two points in one cube are always neighbours, so a cube holding
   ``min_samples`` weight is all core and one piece of a cluster; cubes are
   compared with their neighbour cubes by bounding boxes (all in / all out /
   look at the points), so a town crowded with 10⁵ jittered points does not
   produce 10¹⁰ neighbour pairs.
3. Only point pairs near the ``eps`` boundary are decided by scikit-learn's own
   formula, ``sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2) <= sin²(eps/2)`` in float64
   (points exactly at ``eps`` are neighbours); pairs within 10⁻¹² of the
   threshold are recomputed with the C library's ``sin``/``cos`` as scikit-learn
   does. The bounding-box decisions keep a margin of 10⁻⁹ of the chord, far
   above rounding error.
4. Core cubes are joined into clusters with :mod:`scipy.sparse.csgraph`.

Limits of "identical": scikit-learn's ball tree may take whole tree nodes by a
triangle-inequality bound computed with ``2·asin(√·)``, which can flip a pair
lying within about 10⁻¹⁶ (relative) of ``eps``, i.e. a fraction of a nanometre;
with non-integer ``sample_weight`` the summation order of the weights differs,
which matters only when a sum lands on ``min_samples`` within rounding.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
from numpy.typing import ArrayLike
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components

from hotspot._geo import EARTH_RADIUS_M, unit_vectors
from hotspot.errors import IncidentError

__all__ = ["ENGINES", "dbscan_haversine", "dbscan_spacetime"]

#: DBSCAN engines: "grid" (ours: exact, fast, lean) and "sklearn" (scikit-learn's
#: ``DBSCAN(metric="haversine", algorithm="ball_tree")`` on the raw points, the
#: reference; slow and memory-hungry on stacked event data).
ENGINES: tuple[str, ...] = ("grid", "sklearn")

# Most elements materialised at once by the pair expansions (memory bound).
_CHUNK = 1 << 18
# Relative margin on the chord for box decisions, and the band around the
# threshold in which pairs are recomputed with libm (math.sin / math.cos).
_MARGIN = 1e-9
_LIBM_BAND = 1e-12


@dataclass(frozen=True)
class DBSCANFit:
    """Result of the internal fit: one entry per input row.

    Attributes
    ----------
    labels : numpy.ndarray
        int64 cluster labels, -1 for noise.
    is_core : numpy.ndarray
        bool, True for core points.
    n_unique : int
        Number of distinct coordinates (or coordinate-time pairs) clustered.
    """

    labels: np.ndarray
    is_core: np.ndarray
    n_unique: int


# ----------------------------------------------------------------------------
# validation


def _as_1d(name: str, values: ArrayLike, problems: list[str]) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        problems.append(f"{name}: cannot be read as numbers ({exc})")
        return np.empty(0)
    if arr.ndim != 1:
        problems.append(f"{name}: expected a 1-D array, got shape {arr.shape}")
        return np.empty(0)
    return arr


def _rows(mask: np.ndarray) -> str:
    bad = np.flatnonzero(mask)
    shown = ", ".join(str(i) for i in bad[:10])
    return shown + (f" … ({bad.size} rows)" if bad.size > 10 else "")


def _validate(
    lat: ArrayLike,
    lon: ArrayLike,
    t_days: ArrayLike | None,
    *,
    eps_m: float,
    window_days: float | None,
    min_samples: int,
    sample_weight: ArrayLike | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
    problems: list[str] = []
    if isinstance(eps_m, bool) or not isinstance(eps_m, Real) or not math.isfinite(eps_m):
        problems.append(f"eps_m must be a finite number of metres, got {eps_m!r}")
    elif not 0 < eps_m < math.pi * EARTH_RADIUS_M:
        problems.append(
            f"eps_m must be > 0 and below half the Earth's circumference "
            f"({math.pi * EARTH_RADIUS_M:.0f} m), got {eps_m!r}"
        )
    if isinstance(min_samples, bool) or not isinstance(min_samples, Integral) or min_samples < 1:
        problems.append(f"min_samples must be an integer >= 1, got {min_samples!r}")
    if window_days is not None and (
        isinstance(window_days, bool)
        or not isinstance(window_days, Real)
        or not math.isfinite(window_days)
        or window_days < 0
    ):
        problems.append(f"window_days must be a finite number of days >= 0, got {window_days!r}")
    lat_a = _as_1d("lat", lat, problems)
    lon_a = _as_1d("lon", lon, problems)
    arrays = {"lat": lat_a, "lon": lon_a}
    t_a = w_a = None
    if t_days is not None:
        t_a = arrays["t_days"] = _as_1d("t_days", t_days, problems)
    if sample_weight is not None:
        w_a = arrays["sample_weight"] = _as_1d("sample_weight", sample_weight, problems)
    sizes = {k: v.size for k, v in arrays.items()}
    if len(set(sizes.values())) > 1:
        problems.append(
            "lat, lon"
            + (", t_days" if t_a is not None else "")
            + (", sample_weight" if w_a is not None else "")
            + f" must have the same length, got {sizes}"
        )
    else:
        for name, arr in arrays.items():
            bad = ~np.isfinite(arr)
            if bad.any():
                problems.append(f"{name}: missing or non-finite values in rows {_rows(bad)}")
        with np.errstate(invalid="ignore"):
            bad = np.abs(lat_a) > 90
        if bad.any():
            problems.append(
                f"lat: values outside [-90, 90] in rows {_rows(bad)} (lat/lon swapped?)"
            )
    if problems:
        raise IncidentError("cannot cluster: " + "; ".join(problems))
    return lat_a, lon_a, t_a, w_a


# ----------------------------------------------------------------------------
# small vectorised helpers


def _group_rows(cols: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Group identical rows; return (inverse, first) with first = lowest row index."""
    n = cols[0].size
    order = np.lexsort(cols[::-1])  # stable: equal rows keep ascending index
    new = np.zeros(n, dtype=bool)
    new[0] = True
    for col in cols:
        c = col[order]
        new[1:] |= c[1:] != c[:-1]
    gid = np.cumsum(new) - 1
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = gid
    return inverse, order[new]


def _expand(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """CSR expansion: (item index repeated, position in the flat array)."""
    counts = counts.astype(np.int64, copy=False)
    total = int(counts.sum())
    item = np.repeat(np.arange(counts.size), counts)
    offsets = np.cumsum(counts) - counts
    pos = np.arange(total, dtype=np.int64) - offsets[item] + starts[item]
    return item, pos


def _chunks(costs: np.ndarray, limit: int = _CHUNK):
    """Yield slices over items so that each slice's summed cost stays near ``limit``."""
    if costs.size == 0:
        return
    cum = np.cumsum(costs, dtype=np.int64)
    start = 0
    while start < costs.size:
        base = cum[start - 1] if start else 0
        stop = int(np.searchsorted(cum, base + limit, side="right"))
        stop = max(stop, start + 1)
        yield slice(start, stop)
        start = stop


# ----------------------------------------------------------------------------
# the grid


class _Targets:
    """A subset of the unique points, laid out by cell, with per-cell summaries."""

    def __init__(self, grid: _Grid, mask: np.ndarray) -> None:
        nc = grid.n_cells
        pts = grid.by_cell[mask[grid.by_cell]]  # target points sorted by cell
        cells = grid.cell_of[pts]
        self.points = pts
        self.count = np.bincount(cells, minlength=nc)
        self.start = np.cumsum(self.count) - self.count
        self.weight = np.bincount(cells, weights=grid.w[pts], minlength=nc)
        if grid.integer_weights:
            self.weight = np.rint(self.weight).astype(np.int64)
        self.lo = np.full((nc, 3), np.inf)
        self.hi = np.full((nc, 3), -np.inf)
        self.tmin = np.full(nc, np.inf)
        self.tmax = np.full(nc, -np.inf)
        if pts.size:
            present = np.flatnonzero(self.count)
            bounds = self.start[present]
            self.lo[present] = np.minimum.reduceat(grid.xyz[pts], bounds, axis=0)
            self.hi[present] = np.maximum.reduceat(grid.xyz[pts], bounds, axis=0)
            if grid.t is not None:
                self.tmin[present] = np.minimum.reduceat(grid.t[pts], bounds)
                self.tmax[present] = np.maximum.reduceat(grid.t[pts], bounds)
        self.has = self.count > 0


class _Grid:
    """Unique points hashed into cubes (and time slabs) that are mutual neighbourhoods."""

    def __init__(
        self,
        lat: np.ndarray,
        lon: np.ndarray,
        t: np.ndarray | None,
        w: np.ndarray,
        eps_rad: float,
        window: float | None,
    ) -> None:
        self.lat, self.lon, self.t, self.w = lat, lon, t, w
        self.window = window
        self.integer_weights = w.dtype.kind in "iu"
        self.n = lat.size
        self.cos_lat = np.cos(lat)
        self.xyz = unit_vectors(lat, lon)
        tmp = math.sin(0.5 * eps_rad)  # scikit-learn's HaversineDistance._dist_to_rdist
        self.thr = tmp * tmp
        chord = 2.0 * tmp
        margin = _MARGIN * chord + 1e-14
        self.c_lo2 = (chord - margin) ** 2
        self.c_hi2 = (chord + margin) ** 2
        side = (chord - margin) / math.sqrt(3.0) * (1.0 - 1e-9)
        g_space = np.floor(self.xyz / side).astype(np.int64)
        k_space = 2
        if t is None:
            self._build(g_space, [k_space] * 3)
            return
        if window == 0:
            g_time = np.unique(t, return_inverse=True)[1].reshape(-1, 1).astype(np.int64)
            self._build(np.hstack([g_space, g_time]), [k_space] * 3 + [0])
            return
        width = window * (1.0 - 1e-6)
        while True:
            g_time = np.floor(t / width).astype(np.int64).reshape(-1, 1)
            k_time = math.ceil(window / width) + 1
            self._build(np.hstack([g_space, g_time]), [k_space] * 3 + [k_time])
            tgt = _Targets(self, np.ones(self.n, dtype=bool))
            if np.all(tgt.tmax[tgt.has] - tgt.tmin[tgt.has] <= window):
                return
            width /= 2.0  # rounding broke a slab; never seen, but stay exact

    # -- construction ----------------------------------------------------------
    def _build(self, g: np.ndarray, reach: list[int]) -> None:
        lo = g.min(axis=0) - np.array(reach)
        span = g.max(axis=0) + np.array(reach) - lo + 1
        self.offsets = (
            np.array(np.meshgrid(*[np.arange(-k, k + 1) for k in reach], indexing="ij"))
            .reshape(len(reach), -1)
            .T
        )
        if float(np.prod(span.astype(float))) < 2.0**62:
            strides = np.ones(len(reach), dtype=np.int64)
            for d in range(len(reach) - 2, -1, -1):
                strides[d] = strides[d + 1] * span[d + 1]
            keys = (g - lo) @ strides
            ckeys, self.cell_of = np.unique(keys, return_inverse=True)
            self.cell_of = self.cell_of.reshape(-1)
            self._ckeys = ckeys
            self._deltas = self.offsets @ strides
            self._dict = None
        else:  # coordinate range too large for one int64 key: hash rows
            cells, self.cell_of = np.unique(g, axis=0, return_inverse=True)
            self.cell_of = self.cell_of.reshape(-1)
            self._coords = cells
            self._dict = {tuple(row): i for i, row in enumerate(cells.tolist())}
        self.n_cells = int(self.cell_of.max()) + 1 if self.n else 0
        self.by_cell = np.argsort(self.cell_of, kind="stable")
        self._pairs: tuple[np.ndarray, np.ndarray] | None = None

    def cell_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """All ordered pairs (A, B) of existing cells within reach (A == B included)."""
        if self._pairs is not None:
            return self._pairs
        a_all, b_all = [], []
        cells = np.arange(self.n_cells)
        for k, off in enumerate(self.offsets):
            if self._dict is None:
                q = self._ckeys + self._deltas[k]
                idx = np.searchsorted(self._ckeys, q)
                idx[idx == self.n_cells] = 0
                found = self._ckeys[idx] == q
            else:
                get = self._dict.get
                idx = np.array(
                    [get(tuple(r), -1) for r in (self._coords + off).tolist()], dtype=np.int64
                )
                found = idx >= 0
            a_all.append(cells[found])
            b_all.append(idx[found])
        self._pairs = (np.concatenate(a_all), np.concatenate(b_all))
        return self._pairs

    # -- exact pair test ---------------------------------------------------------
    def exact(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Scikit-learn's neighbour test for point pairs (i, j)."""
        lat, lon = self.lat, self.lon
        s0 = np.sin(0.5 * (lat[i] - lat[j]))
        s1 = np.sin(0.5 * (lon[i] - lon[j]))
        r = s0 * s0 + self.cos_lat[i] * self.cos_lat[j] * s1 * s1
        ok = r <= self.thr
        near = np.flatnonzero(np.abs(r - self.thr) <= _LIBM_BAND * self.thr)
        for k in near.tolist():  # decide the boundary as the C library does
            a, b = int(i[k]), int(j[k])
            x0 = math.sin(0.5 * (float(lat[a]) - float(lat[b])))
            x1 = math.sin(0.5 * (float(lon[a]) - float(lon[b])))
            rr = x0 * x0 + math.cos(float(lat[a])) * math.cos(float(lat[b])) * x1 * x1
            ok[k] = rr <= self.thr
        if self.t is not None:
            ok &= np.abs(self.t[i] - self.t[j]) <= self.window
        return ok

    # -- box tests -------------------------------------------------------------
    def box_box(self, qa: _Targets, a: np.ndarray, tb: _Targets, b: np.ndarray):
        """Classify cell pairs by bounding boxes: (all within eps, none within eps)."""
        gap = np.maximum(np.maximum(tb.lo[b] - qa.hi[a], qa.lo[a] - tb.hi[b]), 0.0)
        far = np.maximum(np.abs(tb.hi[b] - qa.lo[a]), np.abs(qa.hi[a] - tb.lo[b]))
        all_in = np.einsum("ij,ij->i", far, far) <= self.c_lo2
        none_in = np.einsum("ij,ij->i", gap, gap) > self.c_hi2
        if self.t is not None:
            w = self.window
            all_in &= (qa.tmax[a] - tb.tmin[b] <= w) & (tb.tmax[b] - qa.tmin[a] <= w)
            none_in |= (qa.tmin[a] - tb.tmax[b] > w) | (tb.tmin[b] - qa.tmax[a] > w)
        return all_in, none_in

    def point_box(self, p: np.ndarray, tb: _Targets, b: np.ndarray):
        """Classify (point, cell) pairs by the cell's bounding box."""
        x = self.xyz[p]
        lo, hi = tb.lo[b], tb.hi[b]
        gap = np.maximum(np.maximum(lo - x, x - hi), 0.0)
        far = np.maximum(np.abs(x - lo), np.abs(x - hi))
        all_in = np.einsum("ij,ij->i", far, far) <= self.c_lo2
        none_in = np.einsum("ij,ij->i", gap, gap) > self.c_hi2
        if self.t is not None:
            w, tp = self.window, self.t[p]
            all_in &= (tp - tb.tmin[b] <= w) & (tb.tmax[b] - tp <= w)
            none_in |= (tp - tb.tmax[b] > w) | (tb.tmin[b] - tp > w)
        return all_in, none_in

    def point_cell_scan(self, query: _Targets, targets: _Targets, a: np.ndarray, b: np.ndarray):
        """Yield, chunk by chunk, the (point, target cell) pairs the cell boxes leave open.

        Yields ``(p, b, all_in, partial)``: query points ``p`` of cell ``a`` against
        target cell ``b``; ``all_in`` marks pairs where every target point of ``b``
        is a neighbour, ``partial`` those that need point-by-point checks.
        """
        for sl in _chunks(query.count[a]):
            aa, bb = a[sl], b[sl]
            item, pos = _expand(query.start[aa], query.count[aa])
            p = query.points[pos]
            bp = bb[item]
            all_in, none_in = self.point_box(p, targets, bp)
            yield p, bp, all_in, ~(all_in | none_in)

    def point_point_scan(self, p: np.ndarray, b: np.ndarray, targets: _Targets):
        """Yield exact neighbour pairs (p, q) with q a target point of cell b."""
        for sl in _chunks(targets.count[b]):
            pp, bb = p[sl], b[sl]
            item, pos = _expand(targets.start[bb], targets.count[bb])
            q = targets.points[pos]
            pi = pp[item]
            ok = self.exact(pi, q)
            yield pi[ok], q[ok], item[ok] + sl.start


# ----------------------------------------------------------------------------
# the algorithm


def _core_flags(grid: _Grid, min_samples: int) -> np.ndarray:
    everyone = np.ones(grid.n, dtype=bool)
    allpts = _Targets(grid, everyone)
    nonneg = bool(np.all(grid.w >= 0))
    dense_cell = (allpts.weight >= min_samples) if nonneg else np.zeros(grid.n_cells, bool)
    core = dense_cell[grid.cell_of].copy()
    light = ~core
    if not light.any():
        return core
    a, b = grid.cell_pairs()
    keep = ~dense_cell[a]
    a, b = a[keep], b[keep]
    all_in, none_in = grid.box_box(allpts, a, allpts, b)
    dtype = allpts.weight.dtype
    cell_sum = np.bincount(a[all_in], weights=allpts.weight[b[all_in]], minlength=grid.n_cells)
    sums = cell_sum[grid.cell_of].astype(dtype)
    open_ = ~(all_in | none_in)
    a, b = a[open_], b[open_]
    for p, bp, p_all, partial in grid.point_cell_scan(allpts, allpts, a, b):
        sums += np.bincount(p[p_all], weights=allpts.weight[bp[p_all]], minlength=grid.n).astype(
            dtype
        )
        for pi, q, _ in grid.point_point_scan(p[partial], bp[partial], allpts):
            sums += np.bincount(pi, weights=grid.w[q], minlength=grid.n).astype(dtype)
    return core | (light & (sums >= min_samples))


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    graph = coo_array((np.ones(a.size, dtype=np.int8), (a, b)), shape=(n, n)).tocsr()
    return connected_components(graph, directed=False)[1]


def _argmin_per_item(item: np.ndarray, values: np.ndarray, n_items: int) -> np.ndarray:
    """Index (into values) of the smallest value of each item (items contiguous)."""
    order = np.lexsort((values, item))
    first = np.ones(order.size, dtype=bool)
    first[1:] = item[order][1:] != item[order][:-1]
    out = np.full(n_items, -1, dtype=np.int64)
    out[item[order][first]] = order[first]
    return out


def _cell_components(grid: _Grid, core: np.ndarray) -> tuple[np.ndarray, _Targets]:
    """Join core cells into components (two cells join if a core pair is within eps)."""
    cores = _Targets(grid, core)
    a, b = grid.cell_pairs()
    keep = cores.has[a] & cores.has[b] & (a < b)
    a, b = a[keep], b[keep]
    all_in, none_in = grid.box_box(cores, a, cores, b)
    ea, eb = [a[all_in]], [b[all_in]]
    open_ = ~(all_in | none_in)
    a, b = a[open_], b[open_]
    comp = _components(grid.n_cells, np.concatenate(ea), np.concatenate(eb))
    # cheap guess first: the core point of A nearest to B's box centre, and the
    # core point of B nearest to that one; an exact hit joins the cells.
    keep = comp[a] != comp[b]
    a, b = a[keep], b[keep]
    if a.size:
        hit = np.zeros(a.size, dtype=bool)
        for sl in _chunks(cores.count[a] + cores.count[b]):
            aa, bb = a[sl], b[sl]
            centre = 0.5 * (cores.lo[bb] + cores.hi[bb])
            item, pos = _expand(cores.start[aa], cores.count[aa])
            pa = cores.points[pos]
            d = grid.xyz[pa] - centre[item]
            best_a = pa[_argmin_per_item(item, np.einsum("ij,ij->i", d, d), aa.size)]
            item, pos = _expand(cores.start[bb], cores.count[bb])
            pb = cores.points[pos]
            d = grid.xyz[pb] - grid.xyz[best_a[item]]
            dist = np.einsum("ij,ij->i", d, d)
            if grid.t is not None and grid.window:
                dist = dist / grid.c_hi2 + ((grid.t[pb] - grid.t[best_a[item]]) / grid.window) ** 2
            best_b = pb[_argmin_per_item(item, dist, bb.size)]
            hit[sl] = grid.exact(best_a, best_b)
        ea.append(a[hit])
        eb.append(b[hit])
        a, b = a[~hit], b[~hit]
        comp = _components(grid.n_cells, np.concatenate(ea), np.concatenate(eb))
    # the rest: all relevant core pairs, cheapest cell pairs first, skipping
    # pairs that earlier batches already joined.
    while a.size:
        keep = comp[a] != comp[b]
        a, b = a[keep], b[keep]
        if not a.size:
            break
        cost = cores.count[a] * cores.count[b]
        order = np.argsort(cost, kind="stable")
        a, b, cost = a[order], b[order], cost[order]
        batch = next(_chunks(cost, 8 * _CHUNK))
        ba, bb = a[batch], b[batch]
        a, b = a[batch.stop :], b[batch.stop :]
        hit = _pairs_touch(grid, cores, ba, bb)
        ea.append(ba[hit])
        eb.append(bb[hit])
        comp = _components(grid.n_cells, np.concatenate(ea), np.concatenate(eb))
    return comp, cores


def _relevant(grid: _Grid, cores: _Targets, own: np.ndarray, other: np.ndarray):
    """Core points of cells ``own`` that may reach the core box of cells ``other``."""
    item, pos = _expand(cores.start[own], cores.count[own])
    p = cores.points[pos]
    _, none_in = grid.point_box(p, cores, other[item])
    return item[~none_in], p[~none_in]


def _pairs_touch(grid: _Grid, cores: _Targets, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For each cell pair, whether some core point of a and of b are neighbours."""
    hit = np.zeros(a.size, dtype=bool)
    ia, pa = _relevant(grid, cores, a, b)
    ib, pb = _relevant(grid, cores, b, a)
    nb = np.bincount(ib, minlength=a.size)
    start_b = np.cumsum(nb) - nb  # ib is sorted (expansion order)
    for sl in _chunks(nb[ia]):
        item, pos = _expand(start_b[ia[sl]], nb[ia[sl]])
        pair = ia[sl][item]
        ok = grid.exact(pa[sl][item], pb[pos])
        hit[pair[ok]] = True
    return hit


def _fit(
    lat: np.ndarray,
    lon: np.ndarray,
    t: np.ndarray | None,
    w: np.ndarray | None,
    *,
    eps_m: float,
    window: float | None,
    min_samples: int,
) -> DBSCANFit:
    n = lat.size
    if n == 0:
        return DBSCANFit(np.empty(0, np.int64), np.empty(0, bool), 0)
    lat_r = np.radians(lat)
    lon_r = np.radians(lon)
    cols = [lat_r, lon_r] + ([t] if t is not None else [])
    inverse, first = _group_rows(cols)
    n_u = first.size
    if w is None:
        weights = np.bincount(inverse, minlength=n_u).astype(np.int64)
    else:
        weights = np.bincount(inverse, weights=w, minlength=n_u)
    grid = _Grid(
        lat_r[first],
        lon_r[first],
        None if t is None else t[first],
        weights,
        eps_m / EARTH_RADIUS_M,
        window,
    )
    core = _core_flags(grid, min_samples)
    labels = np.full(n_u, -1, dtype=np.int64)
    if core.any():
        comp, cores = _cell_components(grid, core)
        core_pts = np.flatnonzero(core)
        comp_pt = comp[grid.cell_of[core_pts]]
        # number clusters in the order of their lowest-index core point
        lowest = np.full(grid.n_cells, np.iinfo(np.int64).max)
        np.minimum.at(lowest, comp_pt, first[core_pts])
        used = np.flatnonzero(lowest < np.iinfo(np.int64).max)
        rank = np.full(grid.n_cells, -1, dtype=np.int64)
        rank[used[np.argsort(lowest[used], kind="stable")]] = np.arange(used.size)
        labels[core_pts] = rank[comp_pt]
        _label_borders(grid, core, cores, rank[comp], labels)
    return DBSCANFit(labels[inverse], core[inverse], n_u)


def _fit_sklearn(
    lat: np.ndarray, lon: np.ndarray, w: np.ndarray | None, *, eps_m: float, min_samples: int
) -> DBSCANFit:
    """Run scikit-learn's haversine DBSCAN on the raw points (the reference engine)."""
    from sklearn.cluster import DBSCAN  # lazy: scikit-learn costs ~1 s to import

    if lat.size == 0:
        return DBSCANFit(np.empty(0, np.int64), np.empty(0, bool), 0)
    model = DBSCAN(
        eps=eps_m / EARTH_RADIUS_M,
        min_samples=min_samples,
        metric="haversine",
        algorithm="ball_tree",
    ).fit(np.radians(np.column_stack([lat, lon])), sample_weight=w)
    core = np.zeros(lat.size, dtype=bool)
    core[model.core_sample_indices_] = True
    n_unique = int(np.unique(np.column_stack([lat, lon]), axis=0).shape[0])
    return DBSCANFit(model.labels_.astype(np.int64), core, n_unique)


def _check_engine(engine: str, window: float | None) -> None:
    if engine not in ENGINES:
        raise ValueError(f"engine={engine!r} is not one of {', '.join(ENGINES)}")
    if engine == "sklearn" and window is not None:
        raise ValueError(
            "engine='sklearn' clusters in space only; use engine='grid' with window_days"
        )


def _label_borders(
    grid: _Grid, core: np.ndarray, cores: _Targets, cell_label: np.ndarray, labels: np.ndarray
) -> None:
    """Give each non-core point the lowest label among its core neighbours."""
    if core.all():
        return
    big = np.iinfo(np.int64).max
    others = _Targets(grid, ~core)
    a, b = grid.cell_pairs()
    keep = others.has[a] & cores.has[b]
    a, b = a[keep], b[keep]
    all_in, none_in = grid.box_box(others, a, cores, b)
    cell_best = np.full(grid.n_cells, big, dtype=np.int64)
    np.minimum.at(cell_best, a[all_in], cell_label[b[all_in]])
    best = cell_best[grid.cell_of]
    open_ = ~(all_in | none_in)
    a, b = a[open_], b[open_]
    for p, bp, p_all, partial in grid.point_cell_scan(others, cores, a, b):
        np.minimum.at(best, p[p_all], cell_label[bp[p_all]])
        bpp = bp[partial]
        for pi, _, item in grid.point_point_scan(p[partial], bpp, cores):
            np.minimum.at(best, pi, cell_label[bpp[item]])
    border = ~core & (best < big)
    labels[border] = best[border]


# ----------------------------------------------------------------------------
# public API


def dbscan_haversine(
    lat: ArrayLike,
    lon: ArrayLike,
    *,
    eps_m: float,
    min_samples: int,
    sample_weight: ArrayLike | None = None,
    engine: str = "grid",
) -> np.ndarray:
    """Cluster points on the sphere with DBSCAN, exactly as scikit-learn's haversine DBSCAN.

    Identical coordinates are collapsed into one weighted point and the
    neighbourhood search runs on a grid of 3D cubes, so thousands of events
    stacked on one town centroid, or crowding it, stay cheap.

    Parameters
    ----------
    lat, lon : array_like
        Latitudes and longitudes in degrees (EPSG:4326), one per event.
    eps_m : float
        Neighbourhood radius in metres along the great circle (sphere of radius
        ``EARTH_RADIUS_M`` = 6,371,008.8 m). Points exactly at ``eps_m`` are
        neighbours.
    min_samples : int
        Weight (number of events, the point itself included) a neighbourhood
        needs for its centre to be a core point.
    sample_weight : array_like, optional
        Weight of each event (e.g. fatalities), as in scikit-learn.
    engine : {"grid", "sklearn"}, default "grid"
        ``"sklearn"`` runs scikit-learn's own DBSCAN on the raw points instead:
        the reference, for audits; same labels, far slower and larger.

    Returns
    -------
    numpy.ndarray
        int64 labels, ``-1`` for noise; clusters numbered 0, 1, … in the order of
        their lowest-index core point, border points given the lowest label among
        their core neighbours (the same labels as scikit-learn).

    Raises
    ------
    IncidentError
        If the arrays differ in length, hold NaN or latitudes beyond ±90°, or if
        ``eps_m`` / ``min_samples`` are out of range (all problems in one message).

    See Also
    --------
    dbscan_spacetime : the same with a time window.

    Examples
    --------
    >>> dbscan_haversine([35.0, 35.0, 35.01, 36.0], [44.0, 44.0, 44.0, 44.0],
    ...                  eps_m=2000, min_samples=3).tolist()
    [0, 0, 0, -1]
    >>> dbscan_haversine([35.0, 35.0, 35.01, 36.0], [44.0, 44.0, 44.0, 44.0],
    ...                  eps_m=2000, min_samples=3, engine="sklearn").tolist()
    [0, 0, 0, -1]
    """
    _check_engine(engine, None)
    lat_a, lon_a, _, w = _validate(
        lat,
        lon,
        None,
        eps_m=eps_m,
        window_days=None,
        min_samples=min_samples,
        sample_weight=sample_weight,
    )
    if engine == "sklearn":
        return _fit_sklearn(lat_a, lon_a, w, eps_m=eps_m, min_samples=min_samples).labels
    return _fit(lat_a, lon_a, None, w, eps_m=eps_m, window=None, min_samples=min_samples).labels


def dbscan_spacetime(
    lat: ArrayLike,
    lon: ArrayLike,
    t_days: ArrayLike,
    *,
    eps_m: float,
    window_days: float,
    min_samples: int,
    sample_weight: ArrayLike | None = None,
) -> np.ndarray:
    """Cluster events in space and time with DBSCAN.

    Two events are neighbours when they lie within ``eps_m`` along the great
    circle (the same test as :func:`dbscan_haversine`) AND their times differ by
    at most ``window_days``. Events on the same day and place are neighbours
    (distance zero). The labels equal scikit-learn's
    ``DBSCAN(eps=1, min_samples=min_samples, metric="precomputed")`` on a
    matrix that is 0 for such pairs and 2 otherwise.

    Parameters
    ----------
    lat, lon : array_like
        Latitudes and longitudes in degrees (EPSG:4326).
    t_days : array_like
        Event times in days (any origin), e.g.
        ``(dates - dates.min()) / pd.Timedelta(days=1)``.
    eps_m : float
        Spatial radius in metres.
    window_days : float
        Largest time difference between neighbours, in days (``>= 0``; 0 means
        the same time only).
    min_samples : int
        Weight a space-time neighbourhood needs for a core point.
    sample_weight : array_like, optional
        Weight of each event.

    Returns
    -------
    numpy.ndarray
        int64 labels, ``-1`` for noise, numbered as in :func:`dbscan_haversine`.

    Raises
    ------
    IncidentError
        On bad arrays or parameters (all problems in one message).

    Examples
    --------
    >>> dbscan_spacetime([35.0, 35.0, 35.0, 35.0], [44.0] * 4, [0, 0, 1, 30],
    ...                  eps_m=1000, window_days=1, min_samples=3).tolist()
    [0, 0, 0, -1]
    """
    lat_a, lon_a, t, w = _validate(
        lat,
        lon,
        t_days,
        eps_m=eps_m,
        window_days=window_days,
        min_samples=min_samples,
        sample_weight=sample_weight,
    )
    return _fit(
        lat_a, lon_a, t, w, eps_m=eps_m, window=float(window_days), min_samples=min_samples
    ).labels
