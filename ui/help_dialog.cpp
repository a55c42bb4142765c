#include "ui/help_dialog.hpp"

#include <QAbstractTextDocumentLayout>
#include <QDialogButtonBox>
#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QVBoxLayout>

namespace rnnwb::ui {

QString embedded_readme() {
  QFile file(":/rnnwb/help/README.md");
  return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

QString heading_anchor(const QString& heading) {
  QString anchor = heading.trimmed().toLower();
  anchor.remove(QRegularExpression("[^\\w\\- ]", QRegularExpression::UseUnicodePropertiesOption));
  anchor.replace(' ', '-');
  return anchor;
}

HelpDialog::HelpDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("RNN Workbench help"));
  setObjectName("helpDialog");
  browser_ = new QTextBrowser;
  browser_->setObjectName("helpBrowser");
  browser_->setOpenLinks(false);  // the README's own links jump to its sections; nothing goes online
  const QString readme = embedded_readme();
  browser_->setMarkdown(readme.isEmpty() ? tr("The README is not built into this program.") : readme);
  connect(browser_, &QTextBrowser::anchorClicked, this, &HelpDialog::followLink);

  sections_ = new QListWidget;
  sections_->setObjectName("helpSections");
  sections_->setToolTip(tr("The README's sections: click one to go there"));
  for (QTextBlock b = browser_->document()->begin(); b.isValid(); b = b.next()) {
    const int level = b.blockFormat().headingLevel();
    if (level == 2 || level == 3) sections_->addItem(QString(level == 3 ? "    " : "") + b.text().trimmed());
  }
  connect(sections_, &QListWidget::itemClicked, this,
          [this](QListWidgetItem* item) { showSection(item->text().trimmed()); });

  auto* splitter = new QSplitter;
  splitter->addWidget(sections_);
  splitter->addWidget(browser_);
  splitter->setStretchFactor(1, 1);
  splitter->setSizes({220, 640});
  auto* close = new QDialogButtonBox(QDialogButtonBox::Close);
  connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(buildGettingStarted());
  layout->addWidget(splitter, 1);
  layout->addWidget(close);
  resize(900, 680);
}

QWidget* HelpDialog::buildGettingStarted() {
  auto* box = new QWidget;
  box->setObjectName("gettingStarted");
  auto* title = new QLabel(tr("<b>Getting started</b> in three clicks:"));
  auto* row = new QHBoxLayout(box);
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(title);
  struct Step {
    const char* name;
    QString text, tip;
    void (HelpDialog::*signal)();
  };
  const Step steps[] = {
      {"gsOpenSample", tr("1 Open the sunspots sample"), tr("300 years of yearly sunspot numbers (File > Samples)"),
       &HelpDialog::openSampleClicked},
      {"gsTrain", tr("2 Train"), tr("Train the default LSTM on it (F5 on the Train page)"), &HelpDialog::trainClicked},
      {"gsPredict", tr("3 Look at Predict"), tr("The predictions against the truth, with the metrics"),
       &HelpDialog::predictClicked}};
  for (const Step& s : steps) {
    auto* button = new QPushButton(s.text);
    button->setObjectName(s.name);
    button->setToolTip(s.tip);
    button->setAutoDefault(false);
    connect(button, &QPushButton::clicked, this, s.signal);
    row->addWidget(button);
  }
  row->addStretch(1);
  return box;
}

QStringList HelpDialog::sections() const {
  QStringList titles;
  for (int i = 0; i < sections_->count(); ++i) titles << sections_->item(i)->text().trimmed();
  return titles;
}

bool HelpDialog::showSection(const QString& title) {
  for (QTextBlock b = browser_->document()->begin(); b.isValid(); b = b.next()) {
    if (b.blockFormat().headingLevel() == 0 || b.text().trimmed() != title) continue;
    QTextCursor cursor(b);
    browser_->setTextCursor(cursor);
    // The heading at the top of the view, not just somewhere in it.
    const int y = int(browser_->document()->documentLayout()->blockBoundingRect(b).top());
    browser_->verticalScrollBar()->setValue(y);
    return true;
  }
  return false;
}

bool HelpDialog::followLink(const QUrl& url) {
  if (!url.fragment().isEmpty() && url.path().isEmpty()) {
    for (QTextBlock b = browser_->document()->begin(); b.isValid(); b = b.next())
      if (b.blockFormat().headingLevel() > 0 && heading_anchor(b.text()) == url.fragment())
        return showSection(b.text().trimmed());
  }
  return false;  // another file or a web page: not shown here, the program works offline
}

}  // namespace rnnwb::ui
