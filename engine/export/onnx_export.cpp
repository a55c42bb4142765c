#include "engine/export/onnx_export.hpp"

#include <onnx/checker.h>

#include <algorithm>
#include <cmath>

#include "engine/core/atomic_write.hpp"
#include "engine/core/error.hpp"
#include "engine/export/onnx_graph.hpp"
#include "engine/export/onnx_network.hpp"
#include "engine/export/onnx_sequences.hpp"
#include "engine/io/config_json.hpp"
#include "engine/io/model_file.hpp"

namespace rnnwb {

namespace {

using onnx_export::GraphBuilder;
using onnx_export::kDouble;
using onnx_export::kFloat;
using onnx_export::kOpset;

// The transforms run in double, as the engine's pipeline does; only the network runs in float.
struct Encoded {
  std::string inputs;                     // time-major float (model_steps, N, features)
  std::vector<std::string> columns;       // each feature (N, window, 1) in double, logged where it is
  std::vector<std::string> not_positive;  // each logged feature: 1 where a value is <= 0 or NaN
};

// NaN for every window with a value <= 0 in a logged column (rnnwb predict refuses such a
// window; a graph has no error channel). Its log is -inf or NaN, but the network can saturate
// that into a plausible number (ONNX Runtime's gate functions clamp), so it is masked at the end.
std::string mask_invalid_windows(GraphBuilder& g, const Encoded& e, const std::string& y) {
  if (e.not_positive.empty()) return y;
  onnx::NodeProto* reduce = nullptr;
  const std::string any = g.node("ReduceMax", {g.concat(e.not_positive, 2)}, &reduce);  // (N, 1, 1)
  onnx_export::set_ints(reduce, "axes", {1, 2});
  const std::string bad = g.node("Greater", {any, g.floats("zero", {0.0f}, {})});
  return g.node("Where", {bad, g.floats("nan", {std::nanf("")}, {}), y});
}

Encoded encode(GraphBuilder& g, const Pipeline& p, const std::string& x) {
  const std::string xd = g.cast(x, kDouble);
  const Index w = p.window, lag0 = p.max_lag();
  Encoded e;
  std::vector<std::string> steps;
  for (std::size_t f = 0; f < p.features.size(); ++f) {
    const ColumnTransform& t = p.transforms.at(p.features[f]);
    std::string col = g.slice(xd, 2, Index(f), Index(f) + 1);
    if (t.log) {
      e.not_positive.push_back(g.cast(g.node("Not", {g.node("Greater", {col, g.doubles("zero", {0.0}, {})})}), kFloat));
      col = g.node("Log", {col});
    }
    e.columns.push_back(col);
    std::string v = g.slice(col, 1, lag0, w);
    if (t.diff_lag > 0) v = g.node("Sub", {v, g.slice(col, 1, lag0 - t.diff_lag, w - t.diff_lag)});
    v = g.node("Sub", {v, g.doubles("offset", {t.offset}, {})});
    steps.push_back(g.node("Div", {v, g.doubles("scale", {t.scale}, {})}));
  }
  onnx::NodeProto* transpose = nullptr;
  e.inputs = g.node("Transpose", {g.cast(g.concat(steps, 2), kFloat)}, &transpose);
  onnx_export::set_ints(transpose, "perm", {1, 0, 2});
  return e;
}

// Network outputs (1, N, horizon * targets) back to original units (N, horizon, targets).
std::string decode(GraphBuilder& g, const Pipeline& p, const Encoded& e, const std::string& out) {
  const Index h = p.horizon, targets = Index(p.targets.size());
  const std::string shaped = g.cast(g.node("Reshape", {out, g.int64s("shape", {-1, h, targets})}), kDouble);
  std::vector<std::string> columns;
  for (Index c = 0; c < targets; ++c) {
    const std::string& name = p.targets[std::size_t(c)];
    const ColumnTransform& t = p.transforms.at(name);
    std::string v = g.slice(shaped, 2, c, c + 1);
    v = g.node("Add", {g.node("Mul", {v, g.doubles("scale", {t.scale}, {})}), g.doubles("offset", {t.offset}, {})});
    if (t.diff_lag > 0) {
      // Add back the value lag rows earlier, chunk by chunk: the first lag rows from the window,
      // each later chunk from the chunk before it.
      const Index lag = t.diff_lag;
      const std::string& window_col = e.columns.at(std::size_t(p.feature_index_of(name)));
      std::string previous = g.slice(window_col, 1, p.window - lag, p.window - lag + std::min(lag, h));
      Index previous_len = std::min(lag, h);
      std::vector<std::string> chunks;
      for (Index begin = 0; begin < h; begin += lag) {
        const Index len = std::min(lag, h - begin);
        const std::string base = len == previous_len ? previous : g.slice(previous, 1, 0, len);
        previous = g.node("Add", {g.slice(v, 1, begin, begin + len), base});
        previous_len = len;
        chunks.push_back(previous);
      }
      v = g.concat(chunks, 1);
    }
    if (t.log) v = g.node("Exp", {v});
    columns.push_back(v);
  }
  return g.cast(g.concat(columns, 2), kFloat);
}

void declare(onnx::ValueInfoProto* v, const std::string& name, Index d1, Index d2, const std::string& doc) {
  v->set_name(name);
  v->set_doc_string(doc);
  onnx::TypeProto_Tensor* t = v->mutable_type()->mutable_tensor_type();
  t->set_elem_type(kFloat);
  onnx::TensorShapeProto* s = t->mutable_shape();
  s->add_dim()->set_dim_param("N");
  s->add_dim()->set_dim_value(d1);
  s->add_dim()->set_dim_value(d2);
}

void add_series_metadata(onnx::ModelProto& model, const TrainedModel& m) {
  const Pipeline& p = m.pipeline;
  nlohmann::json transforms = nlohmann::json::object();
  for (const auto& [name, t] : p.transforms) transforms[name] = config_json::from_transform(t);
  const std::vector<std::pair<std::string, std::string>> props = {
      {"rnnwb_version", kRnnwbVersion},
      {"features", nlohmann::json(p.features).dump()},
      {"targets", nlohmann::json(p.targets).dump()},
      {"window", std::to_string(p.window)},
      {"horizon", std::to_string(p.horizon)},
      {"transforms", transforms.dump()},
      {"layers", config_json::from_layers(m.model.layers()).dump()},
      {"data_source", m.data_source},
  };
  for (const auto& [key, value] : props) {
    onnx::StringStringEntryProto* e = model.add_metadata_props();
    e->set_key(key);
    e->set_value(value);
  }
}

// y_lower_<label> and y_upper_<label> for each interval level: y -/+ the level's direct half widths
// (horizon, targets), broadcast over the windows; an unbounded width gives -inf / +inf.
void add_interval_outputs(GraphBuilder& g, onnx::GraphProto* graph, const TrainedModel& m, const std::string& y) {
  const Pipeline& p = m.pipeline;
  for (const IntervalLevel& l : m.intervals.levels) {
    std::vector<float> widths;
    for (const auto& step : l.direct)
      for (double w : step) widths.push_back(float(w));
    const std::string half = g.floats("half_width", widths, {1, p.horizon, Index(p.targets.size())});
    const std::string label = level_label(l.coverage);
    for (const char* side : {"lower", "upper"}) {
      onnx::NodeProto* node = nullptr;
      g.node(side[0] == 'l' ? "Sub" : "Add", {y, half}, &node);
      const std::string name = std::string("y_") + side + "_" + label;
      node->set_output(0, name);
      declare(graph->add_output(), name, p.horizon, Index(p.targets.size()),
              "the " + label + "% prediction interval's " + side + " bound in original units (" + m.intervals.method +
                  ", from the " + m.intervals.source + " rows)");
    }
  }
}

}  // namespace

std::string onnx_bytes(const TrainedModel& m) {
  if (m.is_sequence_model()) return onnx_sequence_bytes(m);
  const Pipeline& p = m.pipeline;
  onnx::ModelProto model;
  model.set_ir_version(onnx::IR_VERSION);
  model.set_producer_name("rnnwb");
  model.set_producer_version(kRnnwbVersion);
  model.set_doc_string(
      "An rnnwb model: x (N, window, features) in original units -> y (N, horizon, targets) in "
      "original units; the log, differencing and scaling are nodes of the graph.");
  onnx::OperatorSetIdProto* opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(kOpset);
  add_series_metadata(model, m);

  onnx::GraphProto* graph = model.mutable_graph();
  graph->set_name("rnnwb_model");
  declare(graph->add_input(), "x", p.window, Index(p.features.size()),
          "windows in original units, oldest row first; columns " + nlohmann::json(p.features).dump());
  GraphBuilder g(graph);
  const Encoded e = encode(g, p, "x");
  const std::string y =
      mask_invalid_windows(g, e, decode(g, p, e, onnx_export::network(g, m.model, p.model_steps(), e.inputs)));
  onnx::NodeProto* rename = nullptr;
  g.node("Identity", {y}, &rename);
  rename->set_output(0, "y");
  declare(graph->add_output(), "y", p.horizon, Index(p.targets.size()),
          "predictions in original units, row k is k + 1 rows after the window; columns " +
              nlohmann::json(p.targets).dump());
  add_interval_outputs(g, graph, m, "y");
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception& err) {
    throw ConfigError(std::string("ONNX export: the graph does not pass onnx::checker (a bug in rnnwb): ") +
                      err.what());
  }
  return model.SerializeAsString();
}

std::string onnx_network_bytes(const Model<float>& m, Index steps) {
  const OutputShape out = m.output_shape(steps);
  onnx::ModelProto model;
  model.set_ir_version(onnx::IR_VERSION);
  model.set_producer_name("rnnwb");
  model.set_producer_version(kRnnwbVersion);
  onnx::OperatorSetIdProto* opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(kOpset);
  onnx::GraphProto* graph = model.mutable_graph();
  graph->set_name("rnnwb_network");
  declare(graph->add_input(), "x", steps, m.input_features(), "encoded inputs");
  GraphBuilder g(graph);
  onnx::NodeProto* transpose = nullptr;
  const std::string time_major = g.node("Transpose", {"x"}, &transpose);
  onnx_export::set_ints(transpose, "perm", {1, 0, 2});
  const std::string last = onnx_export::network(g, m, steps, time_major);  // (1, N, outputs)
  onnx::NodeProto* reshape = nullptr;
  g.node("Reshape", {last, g.int64s("shape", {-1, 1, out.features})}, &reshape);
  reshape->set_output(0, "y");
  declare(graph->add_output(), "y", 1, out.features, "network outputs of the last step");
  onnx::checker::check_model(model);
  return model.SerializeAsString();
}

void write_onnx(const TrainedModel& m, const std::string& path) { write_file_atomically(path, onnx_bytes(m)); }

}  // namespace rnnwb
