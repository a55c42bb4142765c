#pragma once
// WorkbenchDocument::checkStack() builds and initialises the whole network: about 2 s for two
// LSTM(1024) layers. The pages only need whether it builds, why not, and its summary, which
// depend on the layers, the number of input features and the head's outputs alone. So the last
// check is remembered for that content: hyperparameter edits, and a second page asking about
// the same stack, cost nothing.
#include "ui/workbench_document.hpp"

namespace rnnwb::ui {

const WorkbenchDocument::StackCheck& cached_stack_check(const WorkbenchDocument& doc);

}  // namespace rnnwb::ui
