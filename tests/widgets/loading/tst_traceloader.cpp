// TraceLoader: a real capture read in the background with monotonic progress
// by bytes, cancel and supersede (stale results dropped), and damaged input
// giving partial results or a clear failure naming the file and byte offset.

#include "tests/widgets/tracefixtures.h"
#include "widgets/loading/traceloader.h"

#include <QDir>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace xenoscope;
using widgets::TraceInfoPtr;
using widgets::TraceLoader;

namespace {

constexpr int LoadTimeoutMs = 60000;

TraceInfoPtr infoAt(const QSignalSpy& spy, int i) {
    return spy.at(i).at(0).value<TraceInfoPtr>();
}

} // namespace

class TestTraceLoader : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QByteArray capture_;

    QString put(const QString& name, const QByteArray& bytes) {
        const QString path = dir_.filePath(name);
        if (!test::writeBytes(path, bytes))
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        if (!QFileInfo::exists(test::realCapture()))
            QSKIP("the real capture shared/traces/credit2-8pcpu.xentrace is not there "
                  "(set XENOSCOPE_SHARED_DIR)");
        capture_ = test::readBytes(test::realCapture());
        QCOMPARE(capture_.size(), 3896732);
    }

    void loadsRealCapture() {
        TraceLoader loader;
        loader.setUseCache(false);
        QSignalSpy started(&loader, &TraceLoader::started);
        QSignalSpy progress(&loader, &TraceLoader::progressChanged);
        QSignalSpy phases(&loader, &TraceLoader::phaseChanged);
        QSignalSpy loaded(&loader, &TraceLoader::loaded);
        QSignalSpy failed(&loader, &TraceLoader::failed);
        QSignalSpy cancelled(&loader, &TraceLoader::cancelled);

        loader.load(test::realCapture());
        QCOMPARE(started.count(), 1);
        QVERIFY(loader.isLoading());
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, LoadTimeoutMs);
        QVERIFY(!loader.isLoading());
        QCOMPARE(failed.count(), 0);
        QCOMPARE(cancelled.count(), 0);

        const TraceInfoPtr info = infoAt(loaded, 0);
        QVERIFY(info);
        QCOMPARE(info->chunks, 187u);
        QCOMPARE(info->stats.records, 180493u);
        QCOMPARE(info->stats.tscRecords, 172945u);
        QCOMPARE(info->stats.noTscRecords, 7548u);
        QCOMPARE(info->stats.wrapRecords, 27u);
        QCOMPARE(info->pcpus.size(), size_t{8});
        QCOMPARE(info->events.size(), size_t{43});
        QVERIFY(info->errors.empty());
        QVERIFY(info->tscHzEstimate);
        QVERIFY(qAbs(*info->tscHzEstimate - 2.8e9) < 0.01e9);

        // Both passes announced, in order.
        QCOMPARE(phases.count(), 2);
        QCOMPARE(phases.at(0).at(0).value<TraceLoader::Phase>(), TraceLoader::Phase::Scanning);
        QCOMPARE(phases.at(1).at(0).value<TraceLoader::Phase>(), TraceLoader::Phase::Reading);

        // Progress: by bytes of the file, strictly increasing, ending at its size.
        QVERIFY(progress.count() >= 2);
        qint64 last = -1;
        for (const auto& args : progress) {
            const qint64 done = args.at(0).toLongLong();
            QCOMPARE(args.at(1).toLongLong(), qint64{capture_.size()});
            QVERIFY2(done > last, qPrintable(QStringLiteral("%1 after %2").arg(done).arg(last)));
            QVERIFY(done <= capture_.size());
            last = done;
        }
        QCOMPARE(last, qint64{capture_.size()});
    }

    void loadsZstdLikePlain() {
        const QString path =
            put(QStringLiteral("capture.xentrace.zst"), test::zstdCompressed(capture_));
        TraceLoader loader;
        loader.setUseCache(false);
        QSignalSpy loaded(&loader, &TraceLoader::loaded);
        QSignalSpy progress(&loader, &TraceLoader::progressChanged);
        loader.load(path);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, LoadTimeoutMs);
        const TraceInfoPtr info = infoAt(loaded, 0);
        QVERIFY(info->compressed);
        QCOMPARE(info->streamBytes, uint64_t(capture_.size()));
        QCOMPARE(info->stats.records, 180493u);
        QCOMPARE(progress.last().at(0).toLongLong(), QFileInfo(path).size());
    }

    void cancelRightAfterStart() {
        const QString big = put(QStringLiteral("big.xentrace"), test::repeated(capture_, 12));
        TraceLoader loader;
        loader.setUseCache(false);
        QSignalSpy loaded(&loader, &TraceLoader::loaded);
        QSignalSpy failed(&loader, &TraceLoader::failed);
        QSignalSpy cancelled(&loader, &TraceLoader::cancelled);

        loader.load(big);
        loader.cancel();
        // Cancelling answers at once; the worker winds down on its own.
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(cancelled.at(0).at(0).toString(), big);
        QVERIFY(!loader.isLoading());
        loader.cancel(); // nothing running: no second signal
        QCOMPARE(cancelled.count(), 1);

        // The loader is usable again, and the cancelled job's result never shows up.
        loader.load(test::realCapture());
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, LoadTimeoutMs);
        QCOMPARE(infoAt(loaded, 0)->stats.records, 180493u);
        QTest::qWait(200);
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(cancelled.count(), 1);
    }

    void newLoadSupersedesRunningOne() {
        const QString big = put(QStringLiteral("big2.xentrace"), test::repeated(capture_, 12));
        TraceLoader loader;
        loader.setUseCache(false);
        QSignalSpy loaded(&loader, &TraceLoader::loaded);
        QSignalSpy cancelled(&loader, &TraceLoader::cancelled);
        loader.load(big);
        loader.load(test::realCapture());
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, LoadTimeoutMs);
        QTest::qWait(200);
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(cancelled.count(), 0); // superseded is not cancelled by the user
        QCOMPARE(QString::fromStdString(infoAt(loaded, 0)->path),
                 QString::fromLocal8Bit(QFile::encodeName(test::realCapture())));
    }

    void destroyWhileLoading() {
        const QString big = put(QStringLiteral("big3.xentrace"), test::repeated(capture_, 12));
        auto loader = std::make_unique<TraceLoader>();
        loader->setUseCache(false);
        loader->load(big);
        QTest::qWait(5);
        loader.reset(); // must cancel and join its worker, not crash or hang
        QTest::qWait(50);
    }

    void indexedThenLoaded() {
        QTemporaryDir cacheDir;
        QVERIFY(cacheDir.isValid());
        core::TraceIndexPtr first;
        for (int round = 0; round < 2; ++round) {
            TraceLoader loader;
            loader.setCacheDir(cacheDir.path());
            QSignalSpy indexed(&loader, &TraceLoader::indexed);
            QSignalSpy loaded(&loader, &TraceLoader::loaded);
            QSignalSpy progress(&loader, &TraceLoader::progressChanged);
            loader.load(test::realCapture());
            QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, LoadTimeoutMs);
            QVERIFY(indexed.count() >= 1);
            // Snapshots (complete = false) only before the one complete index.
            for (int i = 0; i + 1 < indexed.count(); ++i)
                QVERIFY(!indexed.at(i).at(1).toBool());
            QVERIFY(indexed.last().at(1).toBool());
            const auto index = indexed.last().at(0).value<core::TraceIndexPtr>();
            QVERIFY(index && index->complete());
            // loaded() carries the index's own facts.
            QCOMPARE(infoAt(loaded, 0).get(), &index->info());
            QCOMPARE(index->info().stats.records, 180493u);
            QCOMPARE(index->pcpus().size(), size_t{8});
            QCOMPARE(progress.last().at(0).toLongLong(), qint64{capture_.size()});
            if (round == 0) {
                first = index;
                // The second round comes from the cache written by this one.
                QTRY_VERIFY_WITH_TIMEOUT(!QDir(cacheDir.path()).entryList(QDir::Files).isEmpty(),
                                         LoadTimeoutMs);
                continue;
            }
            QCOMPARE(indexed.count(), 1);
            const core::TrackRef cpu0{core::TrackRef::Kind::Pcpu, 0};
            QCOMPARE(index->intervalCount(cpu0), first->intervalCount(cpu0));
            const auto w = index->window();
            const auto a = index->drawList(cpu0, w.t0, w.t1, 1000);
            const auto b = first->drawList(cpu0, w.t0, w.t1, 1000);
            QCOMPARE(a.spans.size(), b.spans.size());
        }
    }

    void damagedInput_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("usable");
        QTest::addColumn<QString>("mentions");

        QTest::newRow("truncated")
            << put(QStringLiteral("truncated.xentrace"), capture_.left(100000)) << true
            << QStringLiteral("byte ");
        QTest::newRow("zstd cut short")
            << put(QStringLiteral("cut.xentrace.zst"), test::zstdCompressed(capture_).left(200000))
            << true << QStringLiteral("byte ");
        QTest::newRow("directory") << dir_.path() << false << QStringLiteral("directory");
        QTest::newRow("missing") << dir_.filePath(QStringLiteral("nope.xentrace")) << false
                                 << QStringLiteral("byte 0");
        QTest::newRow("empty") << put(QStringLiteral("empty.xentrace"), {}) << false
                               << QStringLiteral("byte 0");
        QTest::newRow("big-endian")
            << put(QStringLiteral("be.xentrace"), test::byteSwapped(capture_.left(65536))) << false
            << QStringLiteral("byte 0");
    }

    void damagedInput() {
        QFETCH(QString, path);
        QFETCH(bool, usable);
        QFETCH(QString, mentions);

        TraceLoader loader;
        loader.setUseCache(false);
        QSignalSpy loaded(&loader, &TraceLoader::loaded);
        QSignalSpy failed(&loader, &TraceLoader::failed);
        loader.load(path);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count() + failed.count(), 1, LoadTimeoutMs);
        QCOMPARE(loaded.count(), usable ? 1 : 0);

        const TraceInfoPtr info = infoAt(usable ? loaded : failed, 0);
        QVERIFY(info);
        QVERIFY(!info->errors.empty());
        if (usable)
            QVERIFY2(info->stats.records > 0, "whatever was readable is delivered");
        const std::string file = QFile::encodeName(path).toStdString();
        const QString first = QString::fromStdString(core::describe(file, info->errors.front()));
        QVERIFY2(first.startsWith(path + QStringLiteral(": byte ")), qPrintable(first));
        QVERIFY2(first.contains(mentions), qPrintable(first));
    }

    void garbageNeverCrashes() {
        QByteArray garbage(300000, Qt::Uninitialized);
        quint32 x = 0x12345678;
        for (auto& c : garbage) {
            x = x * 1664525u + 1013904223u; // fixed LCG: the same bytes every run
            c = static_cast<char>(x >> 24);
        }
        const QString path = put(QStringLiteral("garbage.xentrace"), garbage);
        TraceLoader loader;
        loader.setUseCache(false);
        QSignalSpy loaded(&loader, &TraceLoader::loaded);
        QSignalSpy failed(&loader, &TraceLoader::failed);
        loader.load(path);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count() + failed.count(), 1, LoadTimeoutMs);
        const TraceInfoPtr info = infoAt(loaded.isEmpty() ? failed : loaded, 0);
        QVERIFY2(!info->errors.empty(), "garbage must be reported");
    }
};

QTEST_MAIN(TestTraceLoader)
#include "tst_traceloader.moc"
