"""Rate-ratio statistics shared by the gap and hotspot analyses.

Two Poisson counts observed over two exposures (areas, or area x time) are
compared with the exact conditional test: given the total ``n = n_in + n_out``,
``n_in`` follows ``Binomial(n, p0)`` with ``p0 = E_in / (E_in + E_out)`` when the
two rates are equal. The p-value is the two-sided binomial test
(:func:`scipy.stats.binomtest`) and the confidence interval of the rate ratio is
the Clopper-Pearson interval of the binomial proportion ``p``, transformed with
``RR = p / (1 - p) * E_out / E_in``.

Examples
--------
>>> r = rate_ratio_test(30, 10, 1.0, 3.0)
>>> r.rate_ratio
9.0
>>> bool(r.ci_low > 1 and r.p_value < 0.001)
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["RATE_RATIO_METHOD", "RateRatio", "rate_ratio_test"]

#: Name of the test, written into results so that readers know what was done.
RATE_RATIO_METHOD = (
    "exact conditional binomial test (n_in | n ~ Binomial(n, A_in/(A_in+A_out))), "
    "two-sided; Clopper-Pearson CI on p transformed to the rate ratio"
)


@dataclass(frozen=True)
class RateRatio:
    """Result of :func:`rate_ratio_test`.

    Attributes
    ----------
    rate_ratio : float
        ``(n_in / exposure_in) / (n_out / exposure_out)``; ``inf`` when ``n_out``
        is 0 and ``n_in`` is not, NaN when both are 0.
    ci_low, ci_high : float
        Confidence interval of the rate ratio (``ci_high`` may be ``inf``).
    p_value : float
        Two-sided p-value of the hypothesis of equal rates.
    conf : float
        Confidence level of the interval.
    method : str
        :data:`RATE_RATIO_METHOD`.
    """

    rate_ratio: float
    ci_low: float
    ci_high: float
    p_value: float
    conf: float
    method: str = RATE_RATIO_METHOD


def _scipy_stats():
    """Return :mod:`scipy.stats`, imported on first use (it costs ~0.3 s to import)."""
    from scipy import stats

    return stats


def _odds_to_ratio(p: float, scale: float) -> float:
    if p >= 1.0:
        return math.inf
    return p / (1.0 - p) * scale


def rate_ratio_test(
    n_in: int,
    n_out: int,
    exposure_in: float,
    exposure_out: float,
    *,
    conf: float = 0.95,
) -> RateRatio:
    """Compare two Poisson rates with the exact conditional (binomial) test.

    Parameters
    ----------
    n_in, n_out : int
        Event counts inside and outside.
    exposure_in, exposure_out : float
        Positive exposures (km², or km² x years; only their ratio matters).
    conf : float, default 0.95
        Confidence level of the interval, in (0, 1).

    Returns
    -------
    RateRatio
        Rate ratio inside / outside, its Clopper-Pearson based interval and the
        two-sided p-value.

    Raises
    ------
    ValueError
        If a count is negative or an exposure is not positive.

    Examples
    --------
    >>> r = rate_ratio_test(5, 5, 1.0, 1.0)
    >>> r.rate_ratio, r.p_value
    (1.0, 1.0)
    """
    problems = []
    if n_in < 0 or n_out < 0:
        problems.append(f"counts must be >= 0, got n_in={n_in}, n_out={n_out}")
    if not (exposure_in > 0 and exposure_out > 0):
        problems.append(
            f"exposures must be > 0, got exposure_in={exposure_in}, exposure_out={exposure_out}"
        )
    if not 0 < conf < 1:
        problems.append(f"conf must lie in (0, 1), got {conf}")
    if problems:
        raise ValueError("; ".join(problems))
    n = int(n_in) + int(n_out)
    if n == 0:
        nan = math.nan
        return RateRatio(nan, nan, nan, 1.0, conf)
    scale = exposure_out / exposure_in
    p0 = exposure_in / (exposure_in + exposure_out)
    test = _scipy_stats().binomtest(int(n_in), n, p0, alternative="two-sided")
    ci = test.proportion_ci(confidence_level=conf, method="exact")
    ratio = math.inf if n_out == 0 else (n_in / exposure_in) / (n_out / exposure_out)
    return RateRatio(
        rate_ratio=float(ratio),
        ci_low=float(_odds_to_ratio(ci.low, scale)),
        ci_high=float(_odds_to_ratio(ci.high, scale)),
        p_value=float(test.pvalue),
        conf=conf,
    )
