#include "engine/export/onnx_sequences.hpp"

#include <onnx/checker.h>

#include <algorithm>

#include "engine/core/error.hpp"
#include "engine/export/onnx_graph.hpp"
#include "engine/export/onnx_network.hpp"
#include "engine/io/config_json.hpp"
#include "engine/io/model_file.hpp"
#include "engine/io/sequence_metadata.hpp"

namespace rnnwb {

namespace {

using onnx_export::GraphBuilder;
using onnx_export::kDouble;
using onnx_export::kFloat;

// A float tensor value: each dim a number, or a name (dim_param) where it is -1.
void declare(onnx::ValueInfoProto* v, const std::string& name, const std::vector<std::pair<Index, const char*>>& dims,
             const std::string& doc) {
  v->set_name(name);
  v->set_doc_string(doc);
  onnx::TypeProto_Tensor* t = v->mutable_type()->mutable_tensor_type();
  t->set_elem_type(kFloat);
  onnx::TensorShapeProto* s = t->mutable_shape();
  for (const auto& [value, param] : dims) {
    if (param)
      s->add_dim()->set_dim_param(param);
    else
      s->add_dim()->set_dim_value(value);
  }
}

void add_sequence_metadata(onnx::ModelProto& model, const TrainedModel& m) {
  const SequenceModelInfo& s = *m.sequences;
  nlohmann::json info = sequence_metadata(s);
  const std::vector<std::pair<std::string, std::string>> props = {
      {"rnnwb_version", kRnnwbVersion},
      {"dataset", "sequences"},
      {"features", nlohmann::json(s.features).dump()},
      {"targets", nlohmann::json(s.targets).dump()},
      {"horizon", std::to_string(s.horizon)},
      {"feature_scalers", info["feature_scalers"].dump()},
      {"target_scalers", info["target_scalers"].dump()},
      {"training_lengths", info["lengths"].dump()},
      {"task", to_string(s.task)},
      {"classes", nlohmann::json(s.classes.names).dump()},
      {"layers", config_json::from_layers(m.model.layers()).dump()},
      {"data_source", s.x_source},
  };
  for (const auto& [key, value] : props) {
    onnx::StringStringEntryProto* e = model.add_metadata_props();
    e->set_key(key);
    e->set_value(value);
  }
}

// (value - offset) / scale per feature, in double as encode_sequences does; then time-major float.
std::string encode(GraphBuilder& g, const SequenceScaling& s, const std::string& x) {
  std::vector<double> offset, scale;
  for (const ColumnTransform& t : s.features) {
    offset.push_back(t.offset);
    scale.push_back(t.scale);
  }
  const Index f = Index(s.features.size());
  const std::string scaled =
      g.node("Div", {g.node("Sub", {g.cast(x, kDouble), g.doubles("feature_offset", offset, {f})}),
                     g.doubles("feature_scale", scale, {f})});
  onnx::NodeProto* transpose = nullptr;
  const std::string time_major = g.node("Transpose", {g.cast(scaled, kFloat)}, &transpose);
  onnx_export::set_ints(transpose, "perm", {1, 0, 2});
  return time_major;
}

// Network outputs (1, N, H * k) -> original units, shaped as rnnwb predict writes them.
std::string decode(GraphBuilder& g, const SequenceModelInfo& s, const std::string& out) {
  const Index k = Index(s.targets.size()), outputs = s.horizon * k;
  std::vector<double> offset, scale;
  for (Index j = 0; j < outputs; ++j) {  // output j is horizon step j / k, target j % k
    const ColumnTransform& t = s.scaling.targets[std::size_t(j % k)];
    offset.push_back(t.offset);
    scale.push_back(t.scale);
  }
  const std::string flat = g.cast(g.node("Reshape", {out, g.int64s("shape", {-1, outputs})}), kDouble);
  const std::string y = g.node("Add", {g.node("Mul", {flat, g.doubles("target_scale", scale, {outputs})}),
                                       g.doubles("target_offset", offset, {outputs})});
  const std::string shaped = s.y_has_horizon ? g.node("Reshape", {y, g.int64s("shape", {-1, s.horizon, k})}) : y;
  return g.cast(shaped, kFloat);
}

bool classifier(const SequenceModelInfo& s) { return s.task == SequenceTask::Classification; }

// A classifier's logits (1, N, C) -> rnnwb predict's table (N, 1 + C): the class (the most
// probable, the first on a tie, as ArgMax picks), then the softmax probabilities.
std::string decode_classes(GraphBuilder& g, const SequenceModelInfo& s, const std::string& out) {
  const std::string logits = g.cast(g.node("Reshape", {out, g.int64s("shape", {-1, s.classes.count})}), kDouble);
  onnx::NodeProto* softmax = nullptr;
  const std::string p = g.node("Softmax", {logits}, &softmax);
  onnx_export::set_int(softmax, "axis", 1);
  onnx::NodeProto* arg_max = nullptr;
  const std::string best = g.node("ArgMax", {p}, &arg_max);
  onnx_export::set_int(arg_max, "axis", 1);
  onnx_export::set_int(arg_max, "keepdims", 1);
  return g.cast(g.concat({g.cast(best, kDouble), p}, 1), kFloat);
}

}  // namespace

std::string onnx_sequence_bytes(const TrainedModel& m) {
  if (!m.sequences) throw ConfigError("ONNX export: this model was not trained on sequences");
  const SequenceModelInfo& s = *m.sequences;
  onnx::ModelProto model;
  model.set_ir_version(onnx::IR_VERSION);
  model.set_producer_name("rnnwb");
  model.set_producer_version(kRnnwbVersion);
  model.set_doc_string(
      "An rnnwb model trained on sequences: x (N, T, F) in original units, any T, every sequence of the batch "
      "T valid steps (no NaN padding) -> y in original units, (N, k) or (N, H, k) as rnnwb predict writes it; "
      "the scaling is nodes of the graph.");
  onnx::OperatorSetIdProto* opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(onnx_export::kOpset);
  add_sequence_metadata(model, m);

  onnx::GraphProto* graph = model.mutable_graph();
  graph->set_name("rnnwb_sequence_model");
  const Index f = Index(s.features.size()), k = Index(s.targets.size());
  declare(graph->add_input(), "x", {{0, "N"}, {0, "T"}, {f, nullptr}},
          "sequences in original units, oldest step first, all of the batch the same length, no padding; "
          "features " +
              nlohmann::json(s.features).dump());
  GraphBuilder g(graph);
  const Index probe_steps = std::max<Index>(1, s.max_length);  // any length: the check that one vector comes out
  const std::string out = onnx_export::network(g, m.model, probe_steps, encode(g, s.scaling, "x"));
  const std::string y = classifier(s) ? decode_classes(g, s, out) : decode(g, s, out);
  onnx::NodeProto* rename = nullptr;
  g.node("Identity", {y}, &rename);
  rename->set_output(0, "y");
  std::vector<std::pair<Index, const char*>> out_dims = {{0, "N"}};
  if (s.y_has_horizon) out_dims.push_back({s.horizon, nullptr});
  out_dims.push_back({classifier(s) ? 1 + s.classes.count : s.y_has_horizon ? k : s.horizon * k, nullptr});
  declare(graph->add_output(), "y", out_dims,
          classifier(s)
              ? "per sequence the predicted class, then the probability of each class " +
                    nlohmann::json(s.classes.names).dump()
              : "predictions in original units, one per sequence; targets " + nlohmann::json(s.targets).dump());
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception& err) {
    throw ConfigError(std::string("ONNX export: the graph does not pass onnx::checker (a bug in rnnwb): ") +
                      err.what());
  }
  return model.SerializeAsString();
}

}  // namespace rnnwb
