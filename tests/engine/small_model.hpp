#pragma once
// A small valid trained model (1 feature "a", LSTM(3) and a Dense(1) head, window 4) and its
// tensors as a file holds them: the base that loader tests damage one field at a time.
#include <nlohmann/json.hpp>
#include <vector>

#include "engine/io/safetensors.hpp"
#include "engine/io/trained_model.hpp"

namespace rnnwb::testing {

inline TrainedModel small_trained_model() {
  Pipeline p;
  p.features = {"a"};
  p.targets = {"a"};
  p.window = 4;
  p.horizon = 1;
  p.transforms["a"] = ColumnTransform{};
  return TrainedModel{Model<float>(1, {LayerSpec::lstm(3), LayerSpec::dense(1)}),
                      std::move(p),
                      {},
                      InitScheme::Keras,
                      0,
                      {},
                      0,
                      FitStatus::Unknown,
                      nlohmann::json::object(),
                      "",
                      "",
                      0,
                      "",
                      std::nullopt,
                      {},
                      {},
                      MissingPolicy::Error};
}

inline std::vector<SafeTensor> tensors_of(const TrainedModel& m) {
  std::vector<SafeTensor> out;
  for (const NamedTensor& t : m.model.tensors()) {
    SafeTensor st{t.name, {}, {}};
    for (Index d : t.shape) st.shape.push_back(std::size_t(d));
    st.data.assign(m.model.parameters().data() + t.offset, m.model.parameters().data() + t.offset + t.size);
    out.push_back(std::move(st));
  }
  return out;
}

}  // namespace rnnwb::testing
