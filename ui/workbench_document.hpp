#pragma once
// WorkbenchDocument: everything the user has chosen and what came of it (data, column roles,
// transforms, window and split, layer stack, hyperparameters, trained model). Pages read it and
// change it through setters; each change emits the signal for the part that changed, so the
// pages that depend on it refresh. It only drives the engine; it re-implements nothing of it.
#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

#include "engine/core/limits.hpp"
#include "engine/data/csv_loader.hpp"
#include "engine/data/data_source.hpp"
#include "engine/data/sequences.hpp"
#include "engine/data/time_axis.hpp"
#include "engine/io/sequence_file.hpp"
#include "engine/io/session_file.hpp"
#include "engine/workflow/sequence_training.hpp"
#include "engine/workflow/training.hpp"

namespace rnnwb::ui {

class BackgroundJobs;

class WorkbenchDocument : public QObject {
  Q_OBJECT

 public:
  explicit WorkbenchDocument(QObject* parent = nullptr);
  ~WorkbenchDocument() override;  // waits for a background evaluation still running

  // --- Data -------------------------------------------------------------------------------
  // Each returns an empty string on success, else the error in plain words (nothing changes).
  QString loadCsvFile(const QString& path);
  QString loadSample(const QString& name);
  bool hasData() const { return table_.has_value(); }
  const CsvTable& table() const { return *table_; }  // as loaded: missing cells are NaN
  QString dataSource() const { return source_; }     // a path or sample:NAME
  // Why `path` must not be written: it is the open data file (through links too), or empty.
  QString refusesOutputAt(const QString& path) const;
  QString dataSha256() const { return sha256_; }
  QStringList numericColumns() const;
  QString timeColumn() const;
  // How the CSV is read: the time column (detected, none or one chosen), the columns left out, the
  // decimal mark. Text columns are always left out rather than refused (CsvTable::ignored says
  // which and why), so a CSV with one opens. Changing them reloads the data like setSeriesForm:
  // the roles and settings stay when the numeric columns stay the same; the error in plain words
  // or empty (nothing changes on an error).
  const CsvOptions& csvOptions() const { return csv_; }
  QString setCsvOptions(const CsvOptions& options);
  // The options a CSV opens with in the workbench: everything detected, text columns left out.
  static CsvOptions defaultCsvOptions();

  // --- Sequence datasets: the second kind of data (ui/workbench_sequences.cpp) -------------
  // The document holds a series (hasData) OR a sequence dataset (hasSequences), never both: opening
  // one closes the other. Loading runs on any thread (loadSequences throws the engine's DataError);
  // adoptSequences then puts the dataset in the document on the GUI thread and resets the choices
  // that belong to the data (split, scalers, the trained model); layers and hyperparameters stay.
  static SequenceDataset loadSequences(const SequenceFiles& files);
  QString loadSequenceFiles(const SequenceFiles& files);  // both steps at once; the error or empty
  void adoptSequences(std::shared_ptr<const SequenceDataset> dataset, const SequenceFiles& files);
  bool hasSequences() const { return sequences_ != nullptr; }
  const SequenceDataset& sequences() const { return *sequences_; }
  std::shared_ptr<const SequenceDataset> sharedSequences() const { return sequences_; }
  const SequenceFiles& sequenceFiles() const { return sequence_files_; }
  // Task, split (fractions, shuffle, seed) and the two scalers; a change emits sequenceConfigChanged.
  const SequenceConfig& sequenceConfig() const { return sequence_config_; }
  void setSequenceConfig(const SequenceConfig& config);
  // The split by sequence and the scalers fitted on its training sequences, or why there are none.
  struct SequencePlan {
    std::optional<SequenceSplit> split;
    std::optional<SequenceScaling> scaling;
    QStringList warnings;
    QString error;
  };
  const SequencePlan& sequencePlan() const;  // computed once per change
  SequenceTrainRequest sequenceTrainRequest() const;
  // What training on the sequence dataset produced, for the Predict page. `model` and `fit` arrive
  // with the training; `evaluation` (metrics per split beside the mean baseline, in original units),
  // `split` and `predicted` (every sequence's prediction, (N, H, k) in original units, in file
  // order) are computed on a background thread afterwards: `evaluated` says they are there.
  // sequenceOutcomeChanged tells each step (and when the outcome is discarded).
  struct SequenceOutcome {
    std::shared_ptr<const TrainedModel> model;
    FitResult fit;
    bool evaluated = false;
    Evaluation evaluation;
    SequenceSplit split;
    Tensor3<double> predicted;
  };
  const SequenceOutcome* sequenceOutcome() const { return sequence_outcome_.get(); }
  // Publishes a sequence model as the outcome (what setTrainOutcome does for sequence models).
  void setSequenceOutcome(TrainOutcome outcome);

  // --- Many series ------------------------------------------------------------------------
  // How the rows form series: a series column (long form), columns taken as series (wide form) or
  // neither (one series). Changing it reloads the data through the engine's loader, which groups
  // the rows; the roles and settings stay when the numeric columns stay the same. Returns an empty
  // string on success, else the error in plain words (nothing changes). A many-series sample
  // opens with its own series column.
  const SeriesForm& seriesForm() const { return form_; }
  QString setSeriesForm(const SeriesForm& form);
  bool isPanel() const { return table_ && table_->series.is_panel(); }
  // A column that looks like a series id (engine suggest_series_column), found when the data was
  // opened as one series; empty when there is none.
  QString suggestedSeriesColumn() const { return suggested_; }
  // The season the time column's step suggests when the data was opened (0: none, or a sample's
  // or session's own season), and that step.
  int suggestedSeason() const { return suggested_season_; }
  const TimeStep& timeStep() const { return time_step_; }

  // --- Column roles and missing values ----------------------------------------------------
  QStringList targets() const;
  QStringList features() const;  // never empty once targets are set: defaults to the targets
  void setTargets(const QStringList& targets);
  void setFeatures(const QStringList& features);
  MissingPolicy missingPolicy() const { return missing_; }
  void setMissingPolicy(MissingPolicy policy);

  // --- Pipeline: window, horizon, split, season, per-column transforms ---------------------
  const PipelineConfig& pipelineConfig() const { return pipeline_; }
  void setWindow(int rows);
  void setHorizon(int rows);
  void setSplit(const SplitFractions& split);
  void setSeason(int rows);
  void setSplitBy(SplitBy by);     // emits splitByChanged and pipelineChanged
  void setScalePer(ScalePer per);  // emits scalePerChanged and pipelineChanged
  ColumnTransform columnTransform(const QString& column) const;
  void setColumnTransform(const QString& column, const ColumnTransform& transform);

  // The series after the missing-value policy on the used columns, or why there is none.
  struct Prepared {
    std::optional<Series> series;
    QString error, note;  // error: `problem` in GUI words (gui_text)
    Message problem;      // the engine's message, for a page to word where it is shown
    // A value the transforms refuse (log of a value <= 0) by its file line and time label: the
    // series stays (the pages chart it), the pipeline cannot be fitted.
    Message transform_problem;
  };
  const Prepared& prepared() const;
  // The pipeline fitted on the training rows, with its warnings, or why it cannot be fitted.
  struct Fitted {
    std::optional<Pipeline> pipeline;
    QStringList warnings;
    QString error;
    Message problem;
  };
  const Fitted& fitted() const;

  // --- Model and hyperparameters ----------------------------------------------------------
  const std::vector<LayerSpec>& layers() const { return layers_; }  // hidden stack; the head is added
  void setLayers(const std::vector<LayerSpec>& layers);
  // The full stack (with the Dense head) as it would be trained, or an explanation. Cheap: the
  // shapes and counts come from describe_stack, nothing is built or initialised.
  struct StackCheck {
    std::optional<NetworkCheck> network;
    QString summary;  // Keras-like, for inputs of the window's length
    QString error;
  };
  StackCheck checkStack() const;
  const FitConfig& fitConfig() const { return fit_; }
  void setFitConfig(const FitConfig& fit);
  const InitOptions& initOptions() const { return init_; }
  void setInitOptions(const InitOptions& init);
  // What the training worker needs: a copy of the prepared series and the request.
  TrainRequest trainRequest() const;

  // --- Trained model ----------------------------------------------------------------------
  // The trained model never changes once published (an evaluation publishes a new one), so pages
  // and background jobs share it instead of copying it.
  bool hasTrained() const { return trained_ != nullptr; }
  const TrainedModel* trained() const { return trained_.get(); }
  std::shared_ptr<const TrainedModel> sharedTrained() const { return trained_; }
  // The model the document holds, whichever the data: the series model, or the sequence
  // dataset's (what the Export page saves and exports). Null when there is none.
  const TrainedModel* currentModel() const {
    if (trained_) return trained_.get();
    return sequence_outcome_ ? sequence_outcome_->model.get() : nullptr;
  }
  bool hasModel() const { return currentModel() != nullptr; }
  // The trained model's metrics per split beside the baselines. A model from the training worker
  // arrives without them: they are computed on a background thread (evaluationChanged tells when),
  // so that Stop and the end of training never wait for a pass over the whole series.
  const Evaluation& evaluation() const { return evaluation_; }
  bool evaluating() const { return evaluating_; }
  const FitResult& fitResult() const { return fit_result_; }
  void setTrainOutcome(TrainOutcome outcome);
  int forecastSteps() const { return forecast_steps_; }
  void setForecastSteps(int steps);

  // --- Out of date: settings changed since training ----------------------------------------
  // The settings now that differ from the trained model's own record (the engine's settings_drift
  // on trainRequest()), each as "window: 20 now, 15 in the model"; empty when there is no series
  // model or it is what a training would produce now. Sequence models are not compared.
  QStringList modelDrift() const;
  // Sets the data, normalise and model settings back to the trained model's (the model stays);
  // what cannot be reverted (another data file) stays and keeps the model out of date.
  void revertToModelSettings();

  // --- Runs: every training kept, for the Runs page and sweeps (ui/workbench_runs.cpp) -------
  // The document's runs, oldest first. A session keeps them.
  const std::vector<RunRecord>& runs() const { return runs_; }
  const RunRecord* findRun(const QString& id) const;
  // Adds a finished run (a training's or a sweep's), giving it an id unique in the document when it
  // has none; returns the id. Emits runsChanged.
  QString addRun(RunRecord run);
  // The runs selected on the Runs page (ids, in selection order); the Predict page overlays up to
  // four of them. Emits runSelectionChanged.
  const QStringList& selectedRunIds() const { return selected_runs_; }
  void setSelectedRunIds(const QStringList& ids);
  // The current settings as a run records them (data, pipeline, layers, init, fit; no model, view
  // or runs): what a sweep varies.
  Session currentSettings() const;
  // Adds the run of a training whose outcome has just become the current model (call it right after
  // setTrainOutcome): the metrics the background evaluation brings are then written into the run
  // (and its model with them). A diverged run (no weights) is only added.
  QString addTrainingRun(RunRecord run);
  // The user's label and note of a run; false when there is no such run. Emit runsChanged.
  bool renameRun(const QString& id, const QString& name);
  bool annotateRun(const QString& id, const QString& note);
  // Removes the runs (and from the selection); returns how many were removed. Emits runsChanged.
  int removeRuns(const QStringList& ids);
  // Whether `run` was trained on the data that is open now (same source and SHA-256).
  bool runUsesOpenData(const RunRecord& run) const;

  // --- The document as a file --------------------------------------------------------------
  // Modified: changed since it was opened or saved (every setter and every new model set it).
  bool isModified() const { return modified_; }
  void setModified(bool modified);

  // --- Sessions ---------------------------------------------------------------------------
  Session toSession(const nlohmann::json& view) const;
  // Opening a session is two steps, so that a session that cannot be opened changes nothing.
  // prepareSession loads the session's data (through the engine's readers) and checks the whole
  // session against it: the CSV parses, every column it names (targets, features, transforms, the
  // trained model's columns) is a numeric column of the data, the view entries it reads are in
  // range. It touches nothing in the document and throws an exception whose what() says what is
  // wrong and how to fix it; `where` (the session file) names the session in messages.
  // commitSession then applies what was prepared in one step and cannot fail.
  static constexpr int kMaxForecastSteps = int(limits::kMaxForecastRows);  // the engine's one limit
  struct SessionPlan {
    std::optional<CsvTable> table;
    QString source, sha256;
    SeriesForm form;
    CsvOptions csv;
    MissingPolicy missing = MissingPolicy::Error;
    PipelineConfig pipeline;
    std::vector<LayerSpec> layers;
    InitOptions init;
    FitConfig fit;
    std::optional<TrainedModel> trained;
    // A sequence dataset's session: the dataset loaded from its files, and its split and scalers.
    std::shared_ptr<const SequenceDataset> sequences;
    SequenceFiles sequence_files;
    SequenceConfig sequence_config;
    int forecast_steps = 12;
    std::vector<RunRecord> runs;  // the session's runs, the document's once committed
    QString warning;              // the data changed since the session was saved (its SHA-256 differs)
    // The series and the fitted pipeline as prepared() and fitted() will return them: a pipeline
    // that does not fit the data yet (too few rows, missing cells) is a state the Data page
    // explains, as when the session was saved, so it does not stop the session from opening.
    Prepared prepared;
    Fitted fitted;
  };
  SessionPlan prepareSession(const Session& session, const QString& where) const;
  void commitSession(SessionPlan plan);
  // A session whose data file cannot be found, opened without data: its settings, its trained model
  // and loss history (Train and Export work; predictions need the data). missingData() then names
  // the file until data is opened.
  void commitSessionWithoutData(const Session& session);
  QString missingData() const { return missing_data_; }
  // Restoring a run (ui/workbench_runs.cpp): its settings and weights become the current model, the
  // runs stay. Two steps as prepareSession / commitSession (its data is loaded and checked first;
  // throws what prepareSession throws, or DataError when the run kept no weights). The document
  // counts as changed after.
  SessionPlan prepareRunRestore(const QString& id) const;
  void commitRunRestore(SessionPlan plan);

 signals:
  void dataChanged();      // a new table was loaded (everything else was reset to defaults)
  void rolesChanged();     // targets, features or the missing-value policy
  void pipelineChanged();  // window, horizon, split, season, split by, scale per or a transform
  void splitByChanged();
  void scalePerChanged();
  void modelChanged();       // the layer stack, hyperparameters or initialisation
  void trainedChanged();     // a trained model arrived or was discarded
  void evaluationChanged();  // the trained model's evaluation arrived (or was cleared)
  void evaluationFailed(QString message);
  void sequencesChanged();        // a sequence dataset was opened, or closed by opening a series
  void sequenceConfigChanged();   // split, shuffle, seed or a scaler of the sequence dataset
  void sequenceOutcomeChanged();  // a sequence model arrived, was evaluated or was discarded
  // Another dataset, sequence dataset or session replaced the document: pages clear what they
  // showed of the previous one (charts, status messages).
  void documentOpened();
  void modelTrained();  // a new model arrived from a training or a restore (not an evaluation)
  void modifiedChanged(bool modified);
  void runsChanged();          // a run was added, changed or removed
  void runSelectionChanged();  // selectedRunIds changed

 private:
  void adoptTable(LoadedData d, const CsvOptions& csv);
  // Reloads the data as `csv` and `form` ask, keeping the user's choices when the columns stay.
  QString reload(const CsvOptions& csv, const SeriesForm& form);
  // A new document (with `runs`, a session's): not modified, documentOpened emitted.
  void opened(const QString& missing_data = {}, std::vector<RunRecord> runs = {});
  void runChanged();        // the record of a run changed: modified, runsChanged
  void recordEvaluation();  // the current model's metrics into its training's run
  RunRecord* findRunToChange(const QString& id);
  void invalidate(bool discard_trained);
  void discardTrained();
  void evaluateInBackground();
  void evaluateSequencesInBackground();
  void closeSequences();  // when a series is opened
  // prepareSession and commitSession for a session holding a sequence dataset.
  SessionPlan prepareSequenceSession(const Session& session, const std::string& where) const;
  void commitSequenceSession(SessionPlan plan);

  std::optional<CsvTable> table_;
  QString source_, sha256_;
  SeriesForm form_;
  CsvOptions csv_ = defaultCsvOptions();
  QString suggested_;
  int suggested_season_ = 0;
  TimeStep time_step_;
  MissingPolicy missing_ = MissingPolicy::Error;
  PipelineConfig pipeline_;
  std::vector<LayerSpec> layers_;
  FitConfig fit_;
  InitOptions init_;
  std::shared_ptr<const TrainedModel> trained_;
  Evaluation evaluation_;
  bool evaluating_ = false;
  BackgroundJobs* evaluations_;  // a late evaluation of a model no longer on show is dropped
  FitResult fit_result_;
  int forecast_steps_ = 12;
  mutable std::optional<Prepared> prepared_;
  mutable std::optional<Fitted> fitted_;
  std::shared_ptr<const SequenceDataset> sequences_;
  SequenceFiles sequence_files_;
  SequenceConfig sequence_config_;
  mutable std::optional<SequencePlan> sequence_plan_;
  std::shared_ptr<const SequenceOutcome> sequence_outcome_;
  bool modified_ = false;
  QString missing_data_;  // the data file of a session opened without it
  std::vector<RunRecord> runs_;
  QStringList selected_runs_;
  QString training_run_;  // the run whose model is the current one, until it is evaluated or replaced
};

}  // namespace rnnwb::ui
