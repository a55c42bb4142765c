#pragma once
// CsvReadingBox, on the Data page: how the CSV file is read. The time column (none or any column
// of the file), the decimal separator (auto, point, comma) and a tick per column of the file:
// unticked columns are left out by the loader, so they are neither targets nor features. Text
// columns open unticked (the loader leaves them out), their tooltip saying the text found and where.
#include <QGroupBox>

#include "engine/data/csv_loader.hpp"

class QComboBox;
class QLabel;
class QListWidget;

namespace rnnwb::ui {

class WorkbenchDocument;

class CsvReadingBox : public QGroupBox {
  Q_OBJECT
 public:
  explicit CsvReadingBox(WorkbenchDocument* doc, QWidget* parent = nullptr);

 private:
  void refresh();                         // the controls from the document's data
  void apply(const CsvOptions& options);  // to the document; a refusal is shown below the controls
  void fillTimeCombo(const CsvTable& table);
  void fillColumns(const CsvTable& table);
  void timeChosen();
  void decimalChosen();
  void columnsTicked();  // the unticked columns to the document

  WorkbenchDocument* doc_;
  QComboBox* time_combo_;
  QComboBox* decimal_combo_;
  QListWidget* columns_;
  QLabel* error_;
};

}  // namespace rnnwb::ui
