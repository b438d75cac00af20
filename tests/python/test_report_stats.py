#!/usr/bin/python3
"""Unit tests of the statistics of the HTML report (tools/report/report.py).

Each test checks a known analytic case: Morris elementary effects of a linear function on a grid
equal its coefficients times the factor ranges; quantile bands of a known sample; the t
quantile table; paired and Welch intervals on hand-computed cases and their coverage; the
standardized regression coefficients of an exactly linear response; binned means.
Usage: test_report_stats.py [DIR containing report.py]
"""
import collections
import math
import os
import sys
import unittest

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else
                os.path.join(HERE, "..", "..", "tools", "report"))
del sys.argv[1:]
import report  # noqa: E402


class ElementaryEffects(unittest.TestCase):
    def grid(self, levels):
        mesh = np.meshgrid(*levels, indexing="ij")
        return np.column_stack([m.ravel() for m in mesh])

    def test_linear_function_gives_coefficient_times_range(self):
        # Uneven levels and a shuffled point order: the effect per whole range is still c*range.
        x = self.grid([[0.0, 0.01, 0.04], [300.0, 320.0, 350.0, 400.0], [1.0, 2.0]])
        x = x[np.random.default_rng(1).permutation(len(x))]
        c = np.array([50.0, -0.02, 3.0])
        y = 7.0 + x @ c
        effects = report.elementary_effects(x, y)
        ranges = np.array([0.04, 100.0, 1.0])
        for e, ci, ri in zip(effects, c, ranges):
            self.assertAlmostEqual(e.mu, ci * ri, places=9)
            self.assertAlmostEqual(e.mu_star, abs(ci) * ri, places=9)
            self.assertAlmostEqual(e.sigma, 0.0, places=9)
        # Moves: (levels - 1) times the product of the other factors' level counts.
        self.assertEqual([e.moves for e in effects], [2 * 8, 3 * 6, 1 * 12])

    def test_interaction_shows_as_spread_and_mean_absolute_effect(self):
        x = self.grid([[0.0, 1.0], [-1.0, 1.0]])
        y = x[:, 0] * x[:, 1]             # effect of x0 is -1 at x1=-1, +1 at x1=+1
        e0 = report.elementary_effects(x, y)[0]
        self.assertAlmostEqual(e0.mu, 0.0)
        self.assertAlmostEqual(e0.mu_star, 1.0)
        self.assertAlmostEqual(e0.sigma, math.sqrt(2.0))

    def test_single_level_factor_has_no_effect_estimate(self):
        x = self.grid([[0.0, 1.0, 2.0], [5.0]])
        e = report.elementary_effects(x, x[:, 0])
        self.assertEqual(e[1].moves, 0)
        self.assertTrue(math.isnan(e[1].mu_star))

    def test_nan_responses_are_skipped(self):
        x = self.grid([[0.0, 1.0, 2.0]])
        e = report.elementary_effects(x, np.array([0.0, 1.0, np.nan]))[0]
        self.assertEqual(e.moves, 1)
        self.assertAlmostEqual(e.mu, 2.0)  # 1 per half range = 2 per range


class Bands(unittest.TestCase):
    def test_quantiles_of_0_to_100(self):
        v = np.arange(101.0)[:, None] * np.array([1.0, 2.0])  # [run, year]
        b = report.quantile_bands(v)
        for q in (0.05, 0.25, 0.5, 0.75, 0.95):
            np.testing.assert_allclose(b[q], [100 * q, 200 * q])

    def test_nan_is_ignored_and_all_nan_stays_nan(self):
        v = np.array([[1.0, np.nan], [2.0, np.nan], [np.nan, np.nan], [3.0, np.nan]])
        b = report.quantile_bands(v)
        self.assertAlmostEqual(b[0.5][0], 2.0)
        self.assertAlmostEqual(b[0.25][0], 1.5)
        self.assertTrue(np.isnan(b[0.5][1]))


class Intervals(unittest.TestCase):
    def test_t_quantile_table_and_expansion(self):
        self.assertAlmostEqual(report.t_quantile(1), 12.706, places=3)
        self.assertAlmostEqual(report.t_quantile(10), 2.228, places=3)
        self.assertAlmostEqual(report.t_quantile(40), 2.0211, places=3)
        self.assertAlmostEqual(report.t_quantile(120), 1.9799, places=3)
        self.assertAlmostEqual(report.t_quantile(1e9), 1.95996, places=4)
        self.assertTrue(report.t_quantile(4) < report.t_quantile(3.5) < report.t_quantile(3))

    def test_paired_by_replicate_id(self):
        base = np.array([10.0, 20.0, 30.0, 40.0])
        base_ids = [0, 1, 2, 3]
        alt_ids = [3, 2, 1, 0]  # the same replicates in another order
        alt = np.array([44.0, 33.0, 22.0, 11.0])  # differences 1, 2, 3, 4
        iv = report.difference_interval(alt, base, alt_ids, base_ids)
        self.assertEqual(iv.method, "paired")
        half = 3.182 * np.std([1, 2, 3, 4], ddof=1) / 2
        self.assertAlmostEqual(iv.mean, 2.5)
        self.assertAlmostEqual(iv.lo, 2.5 - half, places=9)
        self.assertAlmostEqual(iv.hi, 2.5 + half, places=9)

    def test_paired_on_shared_ids_only(self):
        # The baseline has replicate 0 only: the difference is that replicate's, no interval.
        iv = report.difference_interval([5.0, 9.0], [4.0], [0, 1], [0])
        self.assertEqual(iv.method, "paired")
        self.assertEqual(iv.mean, 1.0)
        self.assertFalse(iv.has_interval)

    def test_welch_equal_sizes_and_variances(self):
        # Equal n = 3 and variances: df = 2n - 2 = 4, se = sqrt(2/3).
        iv = report.difference_interval([0.0, 1.0, 2.0], [10.0, 11.0, 12.0], [0, 1, 2], [5, 6, 7])
        self.assertEqual(iv.method, "welch")
        self.assertAlmostEqual(iv.mean, -10.0)
        self.assertAlmostEqual(iv.hi - iv.mean, 2.776 * math.sqrt(2 / 3), places=9)

    def test_one_run_a_side_gives_no_interval(self):
        iv = report.difference_interval([1.0, 2.0, 3.0], [1.0])
        self.assertAlmostEqual(iv.mean, 1.0)
        self.assertFalse(iv.has_interval)

    def test_paired_interval_covers_the_true_difference_95_percent_of_the_time(self):
        rng = np.random.default_rng(7)
        trials, covered = 4000, 0
        for _ in range(trials):
            common = rng.normal(0, 5, 5)  # common random numbers: shared noise
            base = 100 + common + rng.normal(0, 1, 5)
            alt = 103 + common + rng.normal(0, 1, 5)
            iv = report.difference_interval(alt, base, range(5), range(5))
            covered += iv.lo <= 3.0 <= iv.hi
        self.assertTrue(0.935 <= covered / trials <= 0.965, covered / trials)


class Regression(unittest.TestCase):
    def test_src_of_an_exactly_linear_response(self):
        rng = np.random.default_rng(3)
        x = np.column_stack([rng.uniform(0, 0.06, 40), rng.uniform(300, 400, 40),
                             rng.uniform(2018, 2020, 40)])
        c = np.array([100.0, 0.05, 0.0])
        y = 1.0 + x @ c
        src, r2 = report.standardized_regression_coefficients(x, y)
        self.assertAlmostEqual(r2, 1.0, places=9)
        np.testing.assert_allclose(src, c * x.std(axis=0) / y.std(), atol=1e-9)
        self.assertAlmostEqual(src[2], 0.0, places=9)

    def test_src_ranks_the_stronger_factor_first_under_noise(self):
        rng = np.random.default_rng(4)
        x = rng.uniform(0, 1, (200, 2))
        y = 3 * x[:, 0] + 1 * x[:, 1] + rng.normal(0, 0.3, 200)
        src, r2 = report.standardized_regression_coefficients(x, y)
        self.assertGreater(abs(src[0]), 2 * abs(src[1]))
        self.assertTrue(0.8 < r2 < 1.0)


class Binning(unittest.TestCase):
    def test_equal_count_bins(self):
        x = np.arange(100.0)
        bx, by = report.binned_means(x[::-1], 2 * x[::-1] + 1, 4)
        np.testing.assert_allclose(bx, [12.0, 37.0, 62.0, 87.0])
        np.testing.assert_allclose(by, 2 * bx + 1)


class WilsonInterval(unittest.TestCase):
    def test_newcombe_1998_examples(self):
        # Newcombe (1998), Statistics in Medicine 17, 857-872, Table II, method 3.
        for k, n, lo, hi in ((81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605),
                             (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)):
            p, a, b = report.wilson_interval(k, n)
            self.assertAlmostEqual(p, k / n)
            self.assertAlmostEqual(a, lo, places=4)
            self.assertAlmostEqual(b, hi, places=4)
        self.assertTrue(all(math.isnan(x) for x in report.wilson_interval(0, 0)))

    def test_plan_attained_needs_every_row_in_one_run(self):
        Row = collections.namedtuple("Row", "attained")
        rows = [Row(np.array([1, 1, 0, -1])), Row(np.array([1, 0, 1, -1])),
                Row(np.array([-1, 1, 1, -1]))]
        self.assertEqual(list(report.plan_attained(rows)), [1, 0, 0, -1])


class SobolAndMorris(unittest.TestCase):
    def saltelli(self, n, k, rng):
        """A Saltelli layout (A, AB^1..AB^k, B per row) of uniform points."""
        a, b = rng.random((n, k)), rng.random((n, k))
        rows = []
        for j in range(n):
            rows.append(a[j])
            for i in range(k):
                ab = a[j].copy()
                ab[i] = b[j, i]
                rows.append(ab)
            rows.append(b[j])
        return np.array(rows)

    def test_ishigami_indices(self):
        # Ishigami and Homma (1990), a = 7, b = 0.1 on [-pi, pi]^3: S = (0.314, 0.442, 0),
        # ST = (0.558, 0.442, 0.244).
        x = -math.pi + 2 * math.pi * self.saltelli(20000, 3, np.random.default_rng(4))
        y = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
        first, total = report.sobol_indices(y, 3)
        for got, want in zip(first, (0.3139, 0.4424, 0.0)):
            self.assertAlmostEqual(got, want, delta=0.03)
        for got, want in zip(total, (0.5576, 0.4424, 0.2437)):
            self.assertAlmostEqual(got, want, delta=0.03)

    def test_morris_trajectories_of_a_linear_model(self):
        # Two trajectories of 3 factors on [0, 1]; y = 2 x0 - 5 x1: EE exact, x2 no effect.
        x = np.array([[0, 0, 0], [2 / 3, 0, 0], [2 / 3, 2 / 3, 0], [2 / 3, 2 / 3, 2 / 3],
                      [1, 1, 1], [1, 1, 1 / 3], [1 / 3, 1, 1 / 3], [1 / 3, 1 / 3, 1 / 3]])
        y = 2 * x[:, 0] - 5 * x[:, 1]
        eff = report.trajectory_effects(x, y, 3)
        self.assertAlmostEqual(eff[0].mu_star, 2)
        self.assertAlmostEqual(eff[1].mu, -5)
        self.assertEqual(eff[2].mu_star, 0)


if __name__ == "__main__":
    unittest.main(verbosity=1)
