#include "experiment/optimize/writer.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <system_error>

#include "engine/observe/attainment.hpp"
#include "output/hdf5_detail.hpp"
#include "output/hdf5_writer.hpp"
#include "output/timestamp.hpp"

namespace regsim::output {

namespace {

namespace fs = std::filesystem;
using detail::attach;
using detail::check;
using detail::Handle;
using detail::make_dataset;
using detail::make_scale;
using detail::write_attr;
using detail::write_strings;

Handle doubles(hid_t loc, const std::string& name, std::span<const hsize_t> dims,
               const std::vector<double>& values, const std::string& long_name) {
  return make_dataset(loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dims, values.data(), long_name);
}
Handle ints(hid_t loc, const std::string& name, const std::vector<std::int32_t>& values,
            const std::string& long_name) {
  const std::array<hsize_t, 1> dims{values.size()};
  return make_dataset(loc, name, H5T_STD_I32LE, H5T_NATIVE_INT32, dims, values.data(), long_name);
}
Handle flags(hid_t loc, const std::string& name, const std::vector<std::int8_t>& values,
             const std::string& long_name) {
  const std::array<hsize_t, 1> dims{values.size()};
  return make_dataset(loc, name, H5T_STD_I8LE, H5T_NATIVE_INT8, dims, values.data(), long_name);
}
std::vector<std::int32_t> iota(std::size_t n) {
  std::vector<std::int32_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::int32_t>(i);
  return v;
}
void int_attr(hid_t obj, const char* name, std::int32_t v) {
  write_attr(obj, name, H5T_STD_I32LE, H5T_NATIVE_INT32, &v);
}
void double_attr(hid_t obj, const char* name, double v) {
  write_attr(obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &v);
}

void write_contents(hid_t file, const optimize::Result& result, const OptimizeFileInfo& info);

void write_file(const optimize::Result& result, const OptimizeFileInfo& info,
                const fs::path& path) {
  Handle file = detail::create_file(path);
  write_attr(file, "regsim_version", info.regsim_version);
  write_attr(file, "created_utc", utc_now_iso8601());
  write_attr(file, "spec", info.spec_text);
  write_attr(file, "spec_sha256", info.spec_sha256);
  write_attr(file, "scenario_name", info.scenario_name);
  write_attr(file, "scenario_sha256", info.scenario_sha256);
  write_attr(file, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, &info.seed);
  write_attr(file, "design_seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, &info.design_seed);
  int_attr(file, "replicates", info.replicates);
  int_attr(file, "required_replicates", info.required_replicates);
  double_attr(file, "probability", info.probability);
  write_attr(file, "probability_of", info.probability_of);
  write_attr(file, "reach", info.reach);
  double_attr(file, "discount_rate", info.discount_rate);
  const std::int8_t feasible = result.feasible ? 1 : 0;
  write_attr(file, "feasible", H5T_STD_I8LE, H5T_NATIVE_INT8, &feasible);
  int_attr(file, "best", static_cast<std::int32_t>(result.best));
  int_attr(file, "restarts", result.restarts);
  int_attr(file, "threads", info.threads);

  write_contents(file, result, info);
  check(file.reset(), "closing " + path.string());
}

}  // namespace

namespace {

void write_contents(hid_t file, const optimize::Result& result, const OptimizeFileInfo& info) {
  const std::size_t nv = info.variables.size(), nr = info.row_id.size(),
                    nb = info.budget_payer.size(), ne = result.history.size();
  const std::array<hsize_t, 1> v_dims{nv}, r_dims{nr}, b_dims{nb};
  Handle variable = write_strings(file, "variable", info.variables, "decision variable (key)");
  make_scale(variable, "variable");
  attach(doubles(file, "variable_min", v_dims, info.variable_min, "lower bound"), variable, 0,
         "variable_min");
  attach(doubles(file, "variable_max", v_dims, info.variable_max, "upper bound"), variable, 0,
         "variable_max");
  attach(doubles(file, "plan_mix", v_dims, info.plan_mix,
                 "the base scenario's value (clamped to the bounds)"),
         variable, 0, "plan_mix");
  Handle row = ints(file, "row", iota(nr), "constrained target row");
  make_scale(row, "row");
  attach(write_strings(file, "row_id", info.row_id, "target id"), row, 0, "row_id");
  attach(write_strings(file, "row_entity", info.row_entity, "target entity"), row, 0, "row_entity");
  attach(write_strings(file, "row_variable", info.row_variable, "target variable"), row, 0,
         "row_variable");
  attach(write_strings(file, "row_comparator", info.row_comparator, "=, >= or <="), row, 0,
         "row_comparator");
  attach(ints(file, "row_year",
              std::vector<std::int32_t>(info.row_year.begin(), info.row_year.end()), "target year"),
         row, 0, "row_year");
  attach(doubles(file, "row_target", r_dims, info.row_target, "target value"), row, 0,
         "row_target");
  attach(
      doubles(file, "row_tolerance", r_dims, info.row_tolerance, "relative tolerance of '=' rows"),
      row, 0, "row_tolerance");
  Handle budget = write_strings(file, "budget_payer", info.budget_payer, "capped payer");
  make_scale(budget, "budget");
  attach(doubles(file, "budget_max", b_dims, info.budget_max,
                 "ceiling, 亿元 over the simulated years"),
         budget, 0, "budget_max");

  Handle history = detail::create_group(file, "history");
  Handle evaluation = ints(history, "evaluation", iota(ne), "evaluation, in search order");
  make_scale(evaluation, "evaluation");
  std::vector<double> x, cost, spending, probability, margin, budget_spending;
  std::vector<std::int32_t> plan, attained;
  std::vector<std::int8_t> valid, feasible_flags;
  for (std::size_t e = 0; e < ne; ++e) {
    const optimize::Evaluation& ev = result.history[e];
    x.insert(x.end(), ev.x.begin(), ev.x.end());
    cost.push_back(ev.cost);
    spending.push_back(ev.spending);
    probability.push_back(info.probability_of_evaluation[e]);
    plan.push_back(ev.valid ? ev.plan_attained : -1);
    valid.push_back(ev.valid ? 1 : 0);
    feasible_flags.push_back(info.feasible[e] ? 1 : 0);
    for (std::size_t r = 0; r < nr; ++r) {
      attained.push_back(ev.valid ? ev.row_attained[r] : -1);
      margin.push_back(ev.valid ? ev.row_margin[r] : optimize::kNaN);
    }
    for (std::size_t b = 0; b < nb; ++b)
      budget_spending.push_back(ev.valid ? ev.budget_spending[b] : optimize::kNaN);
  }
  const std::array<hsize_t, 1> e_dims{ne};
  const std::array<hsize_t, 2> ev_dims{ne, nv}, er_dims{ne, nr}, eb_dims{ne, nb};
  const auto along = [&](Handle ds, const std::string& name, Handle* second = nullptr) {
    attach(ds, evaluation, 0, "history/" + name);
    if (second) attach(ds, *second, 1, "history/" + name);
  };
  std::vector<std::string> phases(result.phase.begin(), result.phase.end());
  along(write_strings(history, "phase", phases, "plan, initial or cobyla"), "phase");
  along(doubles(history, "x", ev_dims, x, "the mix: each variable's value"), "x", &variable);
  along(flags(history, "valid", valid, "0: the scenario rejected the mix"), "valid");
  along(flags(history, "feasible", feasible_flags, "1: every constraint met"), "feasible");
  along(doubles(history, "cost", e_dims, cost,
                "policy + finance spending, 亿元, discounted, replicate mean"),
        "cost");
  along(doubles(history, "spending", e_dims, spending,
                "policy + finance spending, 亿元, undiscounted, replicate mean"),
        "spending");
  along(doubles(history, "probability", e_dims, probability,
                "the probability the constraint bounds (least row's, or the plan's)"),
        "probability");
  along(ints(history, "plan_attained", plan, "replicates attaining every constrained row"),
        "plan_attained");
  Handle row_attained = make_dataset(history, "row_attained", H5T_STD_I32LE, H5T_NATIVE_INT32,
                                     er_dims, attained.data(), "replicates attaining the row");
  along(std::move(row_attained), "row_attained", &row);
  along(doubles(history, "row_margin", er_dims, margin,
                "k-th largest relative margin inside the row's bound (>= 0: met)"),
        "row_margin", &row);
  along(doubles(history, "budget_spending", eb_dims, budget_spending,
                "payer's policy + finance spending, 亿元, replicate mean"),
        "budget_spending", &budget);

  Handle front = detail::create_group(file, "front");
  const std::size_t np = result.front.size();
  Handle point = ints(front, "point", iota(np), "front point, cheapest first");
  make_scale(point, "point");
  std::vector<std::int32_t> front_eval;
  std::vector<double> front_p, front_low, front_high, front_cost;
  for (const auto& f : result.front) {
    front_eval.push_back(static_cast<std::int32_t>(f.evaluation));
    front_cost.push_back(f.cost);
    const int hits = static_cast<int>(std::lround(f.probability * info.replicates));
    const auto w = attainment_probability(hits, info.replicates);
    front_p.push_back(f.probability);
    front_low.push_back(w.low);
    front_high.push_back(w.high);
  }
  const std::array<hsize_t, 1> p_dims{np};
  attach(ints(front, "evaluation", front_eval, "history index"), point, 0, "front/evaluation");
  attach(doubles(front, "probability", p_dims, front_p, "probability (as history/probability)"),
         point, 0, "front/probability");
  attach(doubles(front, "probability_low", p_dims, front_low, "95% Wilson interval, low"), point, 0,
         "front/probability_low");
  attach(doubles(front, "probability_high", p_dims, front_high, "95% Wilson interval, high"), point,
         0, "front/probability_high");
  attach(doubles(front, "cost", p_dims, front_cost, "亿元, discounted"), point, 0, "front/cost");

  const optimize::Validation& v = result.validation;
  if (v.replicates <= 0) return;
  Handle group = detail::create_group(file, "validation");
  int_attr(group, "first_replicate", v.first_replicate);
  int_attr(group, "replicates", v.replicates);
  const std::vector<std::string> mixes{"plan", "best"};
  Handle mix = write_strings(group, "mix", mixes, "the plan's mix and the best one");
  make_scale(mix, "mix");
  const std::array<const optimize::Evaluation*, 2> evals{&v.plan, &v.best};
  std::vector<double> v_cost, v_spending, v_p, v_low, v_high;
  std::vector<std::int32_t> v_plan, v_rows, v_eval{0, static_cast<std::int32_t>(result.best)};
  std::vector<std::int8_t> v_feasible;
  for (std::size_t m = 0; m < 2; ++m) {
    const optimize::Evaluation& e = *evals[m];
    v_cost.push_back(e.cost);
    v_spending.push_back(e.spending);
    const double p = info.validation_probability[m];
    const auto w =
        attainment_probability(std::isnan(p) ? 0 : static_cast<int>(std::lround(p * v.replicates)),
                               std::isnan(p) ? 0 : v.replicates);
    v_p.push_back(p);
    v_low.push_back(w.low);
    v_high.push_back(w.high);
    v_feasible.push_back(info.validation_feasible[m] ? 1 : 0);
    v_plan.push_back(e.valid ? e.plan_attained : -1);
    for (std::size_t r = 0; r < nr; ++r) v_rows.push_back(e.valid ? e.row_attained[r] : -1);
  }
  const std::array<hsize_t, 1> m_dims{2};
  const std::array<hsize_t, 2> mr_dims{2, nr};
  attach(ints(group, "evaluation", v_eval, "history index"), mix, 0, "validation/evaluation");
  attach(doubles(group, "cost", m_dims, v_cost, "亿元, discounted, replicate mean"), mix, 0,
         "validation/cost");
  attach(doubles(group, "spending", m_dims, v_spending, "亿元, undiscounted, replicate mean"), mix,
         0, "validation/spending");
  attach(doubles(group, "probability", m_dims, v_p, "as history/probability"), mix, 0,
         "validation/probability");
  attach(doubles(group, "probability_low", m_dims, v_low, "95% Wilson interval, low"), mix, 0,
         "validation/probability_low");
  attach(doubles(group, "probability_high", m_dims, v_high, "95% Wilson interval, high"), mix, 0,
         "validation/probability_high");
  attach(flags(group, "feasible", v_feasible, "every constraint met on these replicates"), mix, 0,
         "validation/feasible");
  attach(ints(group, "plan_attained", v_plan, "replicates attaining every constrained row"), mix, 0,
         "validation/plan_attained");
  Handle rows = make_dataset(group, "row_attained", H5T_STD_I32LE, H5T_NATIVE_INT32, mr_dims,
                             v_rows.data(), "replicates attaining the row");
  attach(rows, mix, 0, "validation/row_attained");
  attach(rows, row, 1, "validation/row_attained");
}

}  // namespace

void write_optimize_file(const optimize::Result& result, const OptimizeFileInfo& info,
                         const fs::path& path) {
  if (info.feasible.size() != result.history.size() ||
      info.probability_of_evaluation.size() != result.history.size())
    throw OutputError("cannot write " + path.string() +
                      ": feasibility and probability are needed per evaluation");
  const fs::path tmp = temporary_path(path);
  const detail::SilenceHdf5Errors silence;
  std::error_code ec;
  try {
    write_file(result, info, tmp);
    fs::rename(tmp, path);
  } catch (const std::exception& e) {
    fs::remove(tmp, ec);
    throw OutputError("cannot write " + path.string() + ": " + e.what());
  }
}

}  // namespace regsim::output
