#pragma once
// HelpDialog: the README, built into the program as a Qt resource (no network, no file next to the
// program), in a QTextBrowser with its sections listed beside it, and a "Getting started" strip of
// three buttons on top: open a sample, train, look at the predictions.
#include <QDialog>
#include <QStringList>

class QListWidget;
class QTextBrowser;

namespace rnnwb::ui {

class HelpDialog : public QDialog {
  Q_OBJECT
 public:
  explicit HelpDialog(QWidget* parent = nullptr);

  // The README's section headings (levels 2 and 3), in order.
  QStringList sections() const;
  // Scrolls the README to the heading `title` (as sections() lists it); false when there is none.
  bool showSection(const QString& title);
  QTextBrowser* browser() const { return browser_; }

 signals:
  void openSampleClicked();  // the three steps of Getting started
  void trainClicked();
  void predictClicked();

 private:
  QWidget* buildGettingStarted();
  bool followLink(const QUrl& url);  // a link to a heading of the README ("#the-workbench")

  QTextBrowser* browser_;
  QListWidget* sections_;
};

// The README as built into the program (empty if the resource is missing).
QString embedded_readme();
// GitHub's anchor for a heading: "The command line" -> "the-command-line".
QString heading_anchor(const QString& heading);

}  // namespace rnnwb::ui
