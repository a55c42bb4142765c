#include "ui/pages/stack_check_cache.hpp"

#include <algorithm>
#include <optional>
#include <vector>

namespace rnnwb::ui {

namespace {

struct StackKey {
  std::vector<LayerSpec> layers;
  qsizetype features = 0, outputs = 0;

  bool operator==(const StackKey& o) const {
    return features == o.features && outputs == o.outputs &&
           std::equal(layers.begin(), layers.end(), o.layers.begin(), o.layers.end(),
                      [](const LayerSpec& a, const LayerSpec& b) {
                        return a.kind == b.kind && a.units == b.units && a.activation == b.activation &&
                               a.return_sequences == b.return_sequences && a.rate == b.rate;
                      });
  }
};

}  // namespace

const WorkbenchDocument::StackCheck& cached_stack_check(const WorkbenchDocument& doc) {
  // GUI thread only, like the pages that ask.
  static std::optional<StackKey> last_key;
  static WorkbenchDocument::StackCheck last_check;
  StackKey key{doc.layers(), std::max<qsizetype>(1, doc.features().size()),
               qsizetype(doc.pipelineConfig().horizon) * std::max<qsizetype>(1, doc.targets().size())};
  if (!last_key || !(*last_key == key)) {
    last_check = doc.checkStack();
    last_key = std::move(key);
  }
  return last_check;
}

}  // namespace rnnwb::ui
