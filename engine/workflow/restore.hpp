#pragma once
// A model that comes back from a recovery file, as a front end restores it: the session it was
// trained in (to reload its data and settings), and the outcome of a training stopped at its best
// epoch.
#include "engine/data/csv_loader.hpp"
#include "engine/io/session_file.hpp"
#include "engine/io/trained_model.hpp"
#include "engine/train/trainer.hpp"
#include "engine/workflow/checkpoint.hpp"

namespace rnnwb {

// The choices `m` was trained with, as a session: its data, pipeline (targets, features,
// transforms, window, horizon, split, season), hidden layers (the Dense head dropped), init and
// fit settings. No trained model and no view.
Session session_of(const TrainedModel& m, MissingPolicy missing);

// The best epoch's monitored loss: the recovery record's when it knows it, else the model's history
// at its best epoch (the validation loss, or the training loss when there was no validation or the
// record says the training loss was monitored). NaN when neither knows.
double best_loss(const TrainedModel& m, const RecoveryInfo* recovery);

// The outcome of the interrupted training as if it had been stopped at its best epoch.
FitResult restored_fit(const TrainedModel& m, const RecoveryInfo* recovery);

}  // namespace rnnwb
