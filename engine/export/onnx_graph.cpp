#include "engine/export/onnx_graph.hpp"

namespace rnnwb::onnx_export {

std::string GraphBuilder::fresh(const std::string& hint) { return hint + "_" + std::to_string(counter_++); }

onnx::NodeProto* GraphBuilder::node_with_outputs(const std::string& op, const std::vector<std::string>& inputs,
                                                 const std::vector<std::string>& outputs) {
  onnx::NodeProto* n = graph_->add_node();
  n->set_op_type(op);
  n->set_name(fresh(op));
  for (const std::string& i : inputs) n->add_input(i);
  for (const std::string& o : outputs) n->add_output(o);
  return n;
}

std::string GraphBuilder::node(const std::string& op, const std::vector<std::string>& inputs, onnx::NodeProto** proto) {
  const std::string out = fresh(op + "_out");
  onnx::NodeProto* n = node_with_outputs(op, inputs, {out});
  if (proto) *proto = n;
  return out;
}

namespace {
onnx::TensorProto* initializer(onnx::GraphProto* g, const std::string& name, onnx::TensorProto_DataType type,
                               const std::vector<std::int64_t>& dims) {
  onnx::TensorProto* t = g->add_initializer();
  t->set_name(name);
  t->set_data_type(type);
  for (std::int64_t d : dims) t->add_dims(d);
  return t;
}
}  // namespace

std::string GraphBuilder::floats(const std::string& hint, const std::vector<float>& values,
                                 const std::vector<std::int64_t>& dims) {
  const std::string name = fresh(hint);
  onnx::TensorProto* t = initializer(graph_, name, onnx::TensorProto_DataType_FLOAT, dims);
  for (float v : values) t->add_float_data(v);
  return name;
}

std::string GraphBuilder::doubles(const std::string& hint, const std::vector<double>& values,
                                  const std::vector<std::int64_t>& dims) {
  const std::string name = fresh(hint);
  onnx::TensorProto* t = initializer(graph_, name, onnx::TensorProto_DataType_DOUBLE, dims);
  for (double v : values) t->add_double_data(v);
  return name;
}

std::string GraphBuilder::int64s(const std::string& hint, const std::vector<std::int64_t>& values) {
  const std::string name = fresh(hint);
  onnx::TensorProto* t = initializer(graph_, name, onnx::TensorProto_DataType_INT64, {std::int64_t(values.size())});
  for (std::int64_t v : values) t->add_int64_data(v);
  return name;
}

std::string GraphBuilder::slice(const std::string& x, std::int64_t axis, std::int64_t begin, std::int64_t end) {
  return node("Slice", {x, int64s("starts", {begin}), int64s("ends", {end}), int64s("axes", {axis})});
}

std::string GraphBuilder::cast(const std::string& x, onnx::TensorProto_DataType to) {
  onnx::NodeProto* n = nullptr;
  const std::string out = node("Cast", {x}, &n);
  set_int(n, "to", to);
  return out;
}

std::string GraphBuilder::concat(const std::vector<std::string>& parts, std::int64_t axis) {
  if (parts.size() == 1) return parts.front();
  onnx::NodeProto* n = nullptr;
  const std::string out = node("Concat", parts, &n);
  set_int(n, "axis", axis);
  return out;
}

void set_int(onnx::NodeProto* node, const std::string& name, std::int64_t value) {
  onnx::AttributeProto* a = node->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto_AttributeType_INT);
  a->set_i(value);
}

void set_ints(onnx::NodeProto* node, const std::string& name, const std::vector<std::int64_t>& values) {
  onnx::AttributeProto* a = node->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto_AttributeType_INTS);
  for (std::int64_t v : values) a->add_ints(v);
}

void set_strings(onnx::NodeProto* node, const std::string& name, const std::vector<std::string>& values) {
  onnx::AttributeProto* a = node->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto_AttributeType_STRINGS);
  for (const std::string& v : values) a->add_strings(v);
}

void set_string(onnx::NodeProto* node, const std::string& name, const std::string& value) {
  onnx::AttributeProto* a = node->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto_AttributeType_STRING);
  a->set_s(value);
}

}  // namespace rnnwb::onnx_export
