// BackgroundJobs delivers a result on the GUI thread only for the latest job started and only
// while its owner exists; destroying it waits for the jobs still running.
#include "ui/background_job.hpp"

#include <QCoreApplication>
#include <QThread>
#include <QtTest>
#include <atomic>
#include <memory>
#include <vector>

using namespace rnnwb::ui;

class BackgroundJobTest : public QObject {
  Q_OBJECT
 private slots:
  void onlyTheLatestJobIsDelivered();
  void droppedResultsAreNotDelivered();
  void nothingReachesADestroyedOwner();
};

void BackgroundJobTest::onlyTheLatestJobIsDelivered() {
  QObject owner;
  auto* jobs = new BackgroundJobs(&owner);
  std::vector<int> delivered;
  const QThread* gui = QThread::currentThread();
  bool on_gui_thread = true;
  const auto deliver = [&](int v) {
    on_gui_thread = on_gui_thread && QThread::currentThread() == gui;
    delivered.push_back(v);
  };
  jobs->start(
      [] {
        QThread::msleep(300);  // slow: finishes after the newer one
        return 1;
      },
      deliver);
  jobs->start([] { return 2; }, deliver);
  QVERIFY(jobs->isRunning());
  QTRY_VERIFY(!jobs->isRunning());
  QTest::qWait(50);
  QCOMPARE(delivered, std::vector<int>{2});
  QVERIFY(on_gui_thread);
}

void BackgroundJobTest::droppedResultsAreNotDelivered() {
  QObject owner;
  auto* jobs = new BackgroundJobs(&owner);
  int delivered = 0;
  jobs->start(
      [] {
        QThread::msleep(100);
        return 1;
      },
      [&](int) { ++delivered; });
  jobs->dropResults();
  QTRY_VERIFY(!jobs->isRunning());
  QTest::qWait(50);
  QCOMPARE(delivered, 0);
  jobs->start([] { return 3; }, [&](int v) { delivered = v; });  // a later job is delivered again
  QTRY_COMPARE(delivered, 3);
}

void BackgroundJobTest::nothingReachesADestroyedOwner() {
  auto finished = std::make_shared<std::atomic<bool>>(false);
  int delivered = 0;
  {
    QObject owner;
    auto* jobs = new BackgroundJobs(&owner);
    jobs->start(
        [finished] {
          QThread::msleep(200);
          finished->store(true);
          return 1;
        },
        [&](int) { ++delivered; });
  }  // the owner goes first: its jobs are waited for, their results dropped
  QVERIFY(finished->load());
  QTest::qWait(100);
  QCOMPARE(delivered, 0);
}

QTEST_MAIN(BackgroundJobTest)
#include "background_job_test.moc"
