#pragma once
// The loss history as CSV, as `rnnwb train --history-csv` and the workbench's Export page write it:
// a header "epoch,train_loss,val_loss,lr,seconds" and one line per epoch. Numbers are written in
// their shortest form that reads back to the same double; val_loss is empty without validation rows.
#include <string>
#include <vector>

#include "engine/train/trainer.hpp"

namespace rnnwb {

std::string history_csv(const std::vector<EpochStats>& history);

}  // namespace rnnwb
