#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "engine/core/random.hpp"

using regsim::Purpose;
using regsim::RandomStream;

TEST_CASE("random streams are addressed, not sequential", "[random]") {
  RandomStream a(7, 0, 2019, 12, Purpose::productivity_shock);
  RandomStream b(7, 0, 2019, 12, Purpose::productivity_shock);
  for (int k = 0; k < 100; ++k) REQUIRE(a.next_u64() == b.next_u64());

  // Any change of the address changes the numbers.
  const auto first = [](RandomStream s) { return s.next_u64(); };
  const auto base = first(RandomStream(7, 0, 2019, 12, Purpose::productivity_shock));
  CHECK(first(RandomStream(8, 0, 2019, 12, Purpose::productivity_shock)) != base);
  CHECK(first(RandomStream(7, 1, 2019, 12, Purpose::productivity_shock)) != base);
  CHECK(first(RandomStream(7, 0, 2020, 12, Purpose::productivity_shock)) != base);
  CHECK(first(RandomStream(7, 0, 2019, 13, Purpose::productivity_shock)) != base);
  CHECK(first(RandomStream(7, 0, 2019, 12, Purpose::entry_count)) != base);
}

namespace {
struct Moments {
  double mean = 0, variance = 0, excess_kurtosis = 0;
};
template <class Draw>
Moments moments(int n, Draw draw) {
  std::vector<double> x(n);
  for (int i = 0; i < n; ++i) x[i] = draw(i);
  Moments m;
  for (double v : x) m.mean += v / n;
  double m2 = 0, m4 = 0;
  for (double v : x) {
    m2 += (v - m.mean) * (v - m.mean) / n;
    m4 += std::pow(v - m.mean, 4) / n;
  }
  m.variance = m2;
  m.excess_kurtosis = m4 / (m2 * m2) - 3.0;
  return m;
}
}  // namespace

TEST_CASE("distributions have their textbook moments", "[random]") {
  const int n = 200000;
  const auto u =
      moments(n, [](int i) { return RandomStream(1, 0, 0, i, Purpose::entrant_size).uniform(); });
  CHECK(u.mean == Approx(0.5).margin(0.005));
  CHECK(u.variance == Approx(1.0 / 12).margin(0.002));

  const auto z =
      moments(n, [](int i) { return RandomStream(2, 0, 0, i, Purpose::entrant_size).normal(); });
  CHECK(z.mean == Approx(0.0).margin(0.01));
  CHECK(z.variance == Approx(1.0).margin(0.02));
  CHECK(z.excess_kurtosis == Approx(0.0).margin(0.1));

  // Laplace: unit variance, excess kurtosis 3 (tent-shaped growth rates).
  const auto l =
      moments(n, [](int i) { return RandomStream(3, 0, 0, i, Purpose::entrant_size).laplace(); });
  CHECK(l.mean == Approx(0.0).margin(0.01));
  CHECK(l.variance == Approx(1.0).margin(0.03));
  CHECK(l.excess_kurtosis == Approx(3.0).margin(0.4));

  for (double mean : {0.3, 4.0, 25.0, 400.0}) {
    const auto p = moments(50000, [&](int i) {
      return static_cast<double>(RandomStream(4, 0, 0, i, Purpose::entry_count).poisson(mean));
    });
    CHECK(p.mean == Approx(mean).epsilon(0.03).margin(0.01));
    CHECK(p.variance == Approx(mean).epsilon(0.06).margin(0.02));
  }
}
