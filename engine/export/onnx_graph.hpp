#pragma once
// A small builder over ONNX's own protobuf types (libonnx-dev): nodes with unique names,
// constant tensors as initializers, and the few composite steps the exporter repeats.
// Every method returns the name of the value it produced, so graphs read like expressions.
#include <onnx/onnx_pb.h>

#include <cstdint>
#include <string>
#include <vector>

namespace rnnwb::onnx_export {

inline constexpr std::int64_t kOpset = 14;  // LSTM / GRU / RNN-14, Squeeze with axes as an input
inline constexpr auto kDouble = onnx::TensorProto_DataType_DOUBLE;
inline constexpr auto kFloat = onnx::TensorProto_DataType_FLOAT;

class GraphBuilder {
 public:
  explicit GraphBuilder(onnx::GraphProto* graph) : graph_(graph) {}

  // A node with one output; `attributes` is filled by the caller through the returned proto.
  std::string node(const std::string& op, const std::vector<std::string>& inputs, onnx::NodeProto** proto = nullptr);
  // A node with several outputs (an empty name is an output left out).
  onnx::NodeProto* node_with_outputs(const std::string& op, const std::vector<std::string>& inputs,
                                     const std::vector<std::string>& outputs);

  // Constant tensors, stored as initializers; `hint` makes the name readable.
  std::string floats(const std::string& hint, const std::vector<float>& values, const std::vector<std::int64_t>& dims);
  std::string doubles(const std::string& hint, const std::vector<double>& values,
                      const std::vector<std::int64_t>& dims);
  std::string int64s(const std::string& hint, const std::vector<std::int64_t>& values);

  // x[..., begin:end, ...] along `axis`.
  std::string slice(const std::string& x, std::int64_t axis, std::int64_t begin, std::int64_t end);
  std::string cast(const std::string& x, onnx::TensorProto_DataType to);
  std::string concat(const std::vector<std::string>& parts, std::int64_t axis);

  std::string fresh(const std::string& hint);  // a new unique value name

 private:
  onnx::GraphProto* graph_;
  int counter_ = 0;
};

void set_int(onnx::NodeProto* node, const std::string& name, std::int64_t value);
void set_ints(onnx::NodeProto* node, const std::string& name, const std::vector<std::int64_t>& values);
void set_string(onnx::NodeProto* node, const std::string& name, const std::string& value);
void set_strings(onnx::NodeProto* node, const std::string& name, const std::vector<std::string>& values);

}  // namespace rnnwb::onnx_export
